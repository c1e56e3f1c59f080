# The two commands of README.md. Everything else is in scripts/.
BUILD_DIR ?= build
CONFIG ?= var/denen.toml

.PHONY: all build run test deps clean care-model

all: build

deps:
	scripts/install-deps.sh build

build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release -DDENEN_BUILD_TESTS=OFF >/dev/null
	cmake --build $(BUILD_DIR) --target denen denen-edge denen-vcard -j$$(nproc)

# Builds, creates var/ with the demo configuration and database, loads the demo
# municipality (長井市 062090), prints the first login and serves on :8080.
run: build
	@mkdir -p var
	@[ -f $(CONFIG) ] || cp config/demo.toml $(CONFIG)
	@# A test CA, one virtual card for the demo resident (PIN 1234), and a fresh CRL.
	@[ -d var/card/resident ] || $(BUILD_DIR)/src/app/denen card mint --out var/card/resident --pin 1234
	@$(BUILD_DIR)/src/app/denen card crl --ca-dir var/card/test-ca --out var/card/crl.pem
	$(BUILD_DIR)/src/app/denen demo --config $(CONFIG) --password-file var/initial-admin-password
	@echo "コンソール: http://127.0.0.1:8080/console/"
	$(BUILD_DIR)/src/app/denen serve --config $(CONFIG)

test:
	scripts/install-deps.sh test
	BUILD_DIR=$(BUILD_DIR) scripts/run-tests.sh

# Trains the care checker's learned reader again (data/care/model.tsv) from the
# cases listed in data/care/model-sources.txt (docs/care-rules.md, "The learned reader").
care-model:
	@[ -f $(BUILD_DIR)/CMakeCache.txt ] || $(MAKE) build
	cmake --build $(BUILD_DIR) --target denen -j$$(nproc)
	$(BUILD_DIR)/src/app/denen care --no-model train $$(grep -v '^#' data/care/model-sources.txt) > data/care/model.tsv.new
	mv data/care/model.tsv.new data/care/model.tsv

clean:
	rm -rf $(BUILD_DIR)
