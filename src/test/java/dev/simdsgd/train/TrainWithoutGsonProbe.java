package dev.simdsgd.train;

import dev.simdsgd.data.Synthetic;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;

/**
 * Child-JVM probe for {@link TrainWithoutGsonTest}, run without Gson on the class path: trains
 * a small logistic problem with per-epoch evaluation, predicts, then tries to write and to read a
 * model and prints what each attempt threw.
 */
public final class TrainWithoutGsonProbe {
  private TrainWithoutGsonProbe() {}

  public static void main(String[] args) throws IOException {
    Synthetic.Problem problem = Synthetic.logistic(500, 9, 3);
    TrainOptions options = TrainOptions.builder().loss(Loss.LOGISTIC).batchSize(16).epochs(2).seed(5).build();
    TrainingResult result = new SgdTrainer(problem.data(), options).train();
    Model model = result.model();
    System.out.println("epochs " + result.history().epochs().size());
    System.out.println("p " + model.predict(problem.data().row(0)));
    try {
      model.write(new StringWriter());
      System.out.println("write: no error");
    } catch (IllegalStateException e) {
      System.out.println("write: " + e.getMessage());
    }
    try {
      Model.read(new StringReader("{}"), "model.json");
      System.out.println("read: no error");
    } catch (IllegalStateException e) {
      System.out.println("read: " + e.getMessage());
    }
    System.out.println("end");
  }
}
