package dev.simdsgd.train;

/**
 * What a training run produced (a plain value holding the model and its history).
 *
 * @param model the final model, with the scaling when features were standardized
 * @param history per-epoch statistics and optional per-step losses
 */
public record TrainingResult(Model model, History history) {}
