# cdc_stream: the extension (PGXS), cdc-maintainer, their tests and benchmarks.
#
#   make                 build the extension and cdc-maintainer
#   make install         install both (the extension into Postgres' directories)
#   make installcheck    pg_regress + pgTAP against PGHOST/PGPORT
#   make unit-test       the maintainer's unit tests
#   scripts/test.sh      everything, on a throwaway cluster (what CI runs)

PG_CONFIG ?= pg_config

MODULE_big = cdc_stream
EXTENSION = cdc_stream
DATA = extension/cdc_stream--0.1.sql
OBJS = $(patsubst %.cpp,%.o,$(wildcard extension/*.cpp))

REGRESS = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=. --outputdir=build/regress

PG_CPPFLAGS = -Iextension/include
# -MMD: a changed header rebuilds the objects that include it
PG_CXXFLAGS = -std=c++20 -Wno-register -Wall -Wno-missing-field-initializers -MMD -MP
SHLIB_LINK += -lstdc++

# PGXS would also compile LLVM bitcode with clang and its own flags, which
# does not take C++20 (see PLATFORM.md).
override with_llvm = no

EXTRA_CLEAN = build $(OBJS:.o=.d)

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(shell mkdir -p build/regress)

-include $(OBJS:.o=.d)

include maintainer/maintainer.mk
include tests/oracle/oracle.mk
