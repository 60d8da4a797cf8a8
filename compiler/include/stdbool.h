/* ebpfc bundled compiler header <stdbool.h>: bool, true and false for C17. */
#ifndef __STDBOOL_H
#define __STDBOOL_H

#define __bool_true_false_are_defined 1
#define bool _Bool
#define true 1
#define false 0

#endif
