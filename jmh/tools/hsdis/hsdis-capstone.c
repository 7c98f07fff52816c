/*
 * A minimal HotSpot disassembler plugin ("hsdis") for x86-64, on the capstone library.
 *
 * HotSpot prints the machine code of compiled methods (-XX:+PrintAssembly, JMH's -prof perfasm)
 * only when it can load a library named hsdis-amd64.so that exports decode_instructions_virtual.
 * The JDK does not ship one, and Debian's libhsdis0-fcml exports only the older
 * decode_instructions entry point, which JDK 25 ignores. This file implements the current entry
 * point in about thirty lines: for each instruction it reports the "insn" / "/insn" events that
 * HotSpot uses to interleave its own comments, and prints the instruction in Intel syntax.
 *
 * Build with ./build.sh (needs gcc and libcapstone-dev). Local tooling only: nothing in the
 * library or the benchmarks links against it.
 */
#include <stdint.h>
#include <stddef.h>
#include <capstone/capstone.h>

typedef void* (*hsdis_event_fn)(void* stream, const char* event, void* arg);
typedef int (*hsdis_printf_fn)(void* stream, const char* format, ...);

void* decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va,
                                  unsigned char* buffer, uintptr_t length,
                                  hsdis_event_fn event, void* event_stream,
                                  hsdis_printf_fn print, void* print_stream,
                                  const char* options, int newline) {
  (void) end_va;
  (void) options;
  csh handle;
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) {
    return (void*) start_va;
  }
  cs_insn* insn = cs_malloc(handle);
  const uint8_t* code = buffer;
  size_t remaining = length;
  uint64_t address = start_va;
  while (remaining > 0) {
    event(event_stream, "insn", (void*) (uintptr_t) address);
    if (cs_disasm_iter(handle, &code, &remaining, &address, insn)) {
      print(print_stream, "%s\t%s", insn->mnemonic, insn->op_str);
    } else {
      /* Not an instruction capstone knows (data, padding): show one byte and go on. */
      print(print_stream, ".byte 0x%02x", *code);
      code++;
      remaining--;
      address++;
    }
    event(event_stream, "/insn", (void*) (uintptr_t) address);
    if (newline) {
      print(print_stream, "\n");
    }
  }
  cs_free(insn, 1);
  cs_close(&handle);
  return (void*) (uintptr_t) address;
}
