#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>
/* libFuzzer's entry for programs with their own main (compiler-rt FuzzerInterface.h). SwiftPM links every
   executable with main defined as MODULE_main, so the targets call this instead of using libFuzzer's main. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
