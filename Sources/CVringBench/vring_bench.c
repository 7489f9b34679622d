#include "CVringBench.h"
int cvring_placeholder(void) { return 0; }
