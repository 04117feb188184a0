# cdc-maintainer, its library and its unit tests; included by the top Makefile.
# Sources: maintainer/<part>/*.cpp (core, plan, engine, source, sink,
# state, metrics, daemon), unit tests beside them as *_test.cpp, main in maintainer/main.cpp.

MAINT_CXX ?= g++
MAINT_CXXFLAGS ?= -O2 -g
MAINT_CXXFLAGS += -std=c++20 -Wall -Wextra -Wno-unused-parameter -MMD -MP \
	-Imaintainer -Iextension/include -I$(shell $(PG_CONFIG) --includedir)
# jemalloc: the engine allocates and frees many small rows; glibc's malloc
# spent about a quarter of a drain's CPU on them (and kept freed pages)
MAINT_LIBS = -L$(shell $(PG_CONFIG) --libdir) -lpq -lrdkafka++ -lrdkafka \
	-lboost_program_options -lrocksdb $(shell pkg-config --libs prometheus-cpp-core) -ljemalloc -pthread
MAINT_BUILD = build/maintainer
PREFIX ?= /usr/local

MAINT_PARTS = core plan engine source sink state metrics daemon
MAINT_ALL_SRCS = $(foreach part,$(MAINT_PARTS),$(wildcard maintainer/$(part)/*.cpp))
MAINT_TEST_SRCS = $(filter %_test.cpp,$(MAINT_ALL_SRCS))
MAINT_LIB_SRCS = $(filter-out %_test.cpp,$(MAINT_ALL_SRCS))
MAINT_LIB_OBJS = $(patsubst maintainer/%.cpp,$(MAINT_BUILD)/%.o,$(MAINT_LIB_SRCS))
MAINT_TEST_OBJS = $(patsubst maintainer/%.cpp,$(MAINT_BUILD)/%.o,$(MAINT_TEST_SRCS))
MAINT_LIB = $(MAINT_BUILD)/libcdcmaintainer.a
MAINT_BIN = maintainer/cdc-maintainer
MAINT_UNIT_TESTS = $(MAINT_BUILD)/unit-tests

$(MAINT_BUILD)/%.o: maintainer/%.cpp
	@mkdir -p $(dir $@)
	$(MAINT_CXX) $(MAINT_CXXFLAGS) -c -o $@ $<

$(MAINT_LIB): $(MAINT_LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(MAINT_BIN): $(MAINT_BUILD)/main.o $(MAINT_LIB)
	$(MAINT_CXX) -o $@ $^ $(MAINT_LIBS)

$(MAINT_UNIT_TESTS): $(MAINT_TEST_OBJS) $(MAINT_LIB)
	$(MAINT_CXX) -o $@ $^ -lgtest -lgtest_main $(MAINT_LIBS)

.PHONY: maintainer unit-test install-maintainer
maintainer: $(MAINT_BIN)

unit-test: $(MAINT_UNIT_TESTS)
	cd $(CURDIR) && $(MAINT_UNIT_TESTS)

install-maintainer: $(MAINT_BIN)
	install -D -m 755 $(MAINT_BIN) $(DESTDIR)$(PREFIX)/bin/cdc-maintainer

-include $(MAINT_LIB_OBJS:.o=.d) $(MAINT_TEST_OBJS:.o=.d) $(MAINT_BUILD)/main.d

# `make` and `make install` build and install cdc-maintainer with the extension
all: $(MAINT_BIN)
install: install-maintainer

# test tools
MAINT_KAFKA_MOCK = $(MAINT_BUILD)/kafka-mock
$(MAINT_BUILD)/tools/%.o: tests/tools/%.cpp
	@mkdir -p $(dir $@)
	$(MAINT_CXX) $(MAINT_CXXFLAGS) -c -o $@ $<
$(MAINT_KAFKA_MOCK): $(MAINT_BUILD)/tools/kafka_mock.o $(MAINT_LIB)
	$(MAINT_CXX) -o $@ $^ $(MAINT_LIBS)
.PHONY: test-tools
test-tools: $(MAINT_KAFKA_MOCK)
