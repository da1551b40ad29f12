#ifndef ZHILYEGO_CLIBPQ_SHIM_H
#define ZHILYEGO_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
