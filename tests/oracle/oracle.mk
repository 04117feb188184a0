# The oracle harness (tests/oracle, docs/testing.md); included by the top Makefile.
#   make oracle     builds build/oracle/oracle; tests/oracle/run.sh runs it
ORACLE_BUILD = build/oracle
ORACLE_SRCS = $(wildcard tests/oracle/*.cpp)
ORACLE_OBJS = $(patsubst tests/oracle/%.cpp,$(ORACLE_BUILD)/%.o,$(ORACLE_SRCS))
ORACLE_BIN = $(ORACLE_BUILD)/oracle
ORACLE_CXXFLAGS = -O2 -g -std=c++20 -Wall -Wextra -Wno-missing-field-initializers -MMD -MP -I$(shell $(PG_CONFIG) --includedir)

$(ORACLE_BUILD)/%.o: tests/oracle/%.cpp
	@mkdir -p $(dir $@)
	$(MAINT_CXX) $(ORACLE_CXXFLAGS) -c -o $@ $<

$(ORACLE_BIN): $(ORACLE_OBJS)
	$(MAINT_CXX) -o $@ $^ -L$(shell $(PG_CONFIG) --libdir) -lpq -lrdkafka++ -lrdkafka -pthread

.PHONY: oracle
oracle: $(ORACLE_BIN) $(MAINT_BIN)

-include $(ORACLE_OBJS:.o=.d)
