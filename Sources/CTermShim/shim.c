#include "CTermShim.h"
int ts_placeholder(void) { return 0; }
