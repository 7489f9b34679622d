/* Only the declaration in include/CFuzzDriver.h is needed; libFuzzer (-sanitize=fuzzer) defines the function. */
#include "CFuzzDriver.h"
