// The notes plugin's entry point.
#include "notes_module.h"

#include <fascia/module_support.h>

FASCIA_PLUGIN(fascia::ContributingPlugin<&fascia::notes::contribute>)
