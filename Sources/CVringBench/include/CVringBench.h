#ifndef CVRINGBENCH_H
#define CVRINGBENCH_H
int cvring_placeholder(void);
#endif
