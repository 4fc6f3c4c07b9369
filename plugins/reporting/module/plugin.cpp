// The reporting plugin's entry point: it only contributes (contributions.h).
#include "contributions.h"

#include <fascia/module_support.h>

FASCIA_PLUGIN(fascia::ContributingPlugin<&fascia::reporting::contribute>)
