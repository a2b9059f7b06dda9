# Spotter: `make run` serves the app, `make test` runs every test. Both install what is missing first.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
CMAKE_BUILD_TYPE ?= RelWithDebInfo

.PHONY: all deps build server web run test test-unit test-sanitize test-e2e lint-api bench clean

all: build

deps:
	@scripts/install-deps.sh

server: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE) > /dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)
	@$(BUILD_DIR)/spotter openapi > $(BUILD_DIR)/openapi.json

web: server
	@cd web && npm run --silent build

build: server web

run: build
	@mkdir -p var
	$(BUILD_DIR)/spotter serve

test: build
	@scripts/run-tests.sh

test-sanitize: deps
	@cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DSPOTTER_SANITIZE=ON > /dev/null
	@cmake --build $(ASAN_DIR) -j $(JOBS)
	@cd $(ASAN_DIR) && ctest -LE postgres --output-on-failure -j $(JOBS)

bench: build
	@bench/run.sh

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) web/dist
