#ifndef ZHILYEGO_CCAIRO_SHIM_H
#define ZHILYEGO_CCAIRO_SHIM_H
#include <cairo.h>
#endif
