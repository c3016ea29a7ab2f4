// cli/staff/staff_backend.cpp — the two backends of the staff commands: the store file (host's
// administrator) and the staff channel (a signed-in member). See the header for the invariants.
#include "cli/staff/staff_backend.hpp"

#include <sodium.h>

#include "cli/staff/passphrase.hpp"
#include "cli/staff/store_access.hpp"
#include "sync/aggregator/staff_service.hpp"
#include "sync/staff_channel/staff_client.hpp"

namespace jiebang::cli {

namespace {

class StoreBackend final : public StaffBackend {
  public:
    StoreBackend(sync::AggregatorStore store, const std::string& tier, const FormCatalog* forms)
        : store_(std::move(store)), service_(store_, settings(tier, forms)) {}
    Result<sync::staff::StaffBody> call(const sync::staff::StaffBody& request) override {
        return service_.handle(request, sync::StaffCaller::host_administrator(), now_seconds());
    }

  private:
    static sync::StaffServiceSettings settings(const std::string& tier, const FormCatalog* forms) {
        sync::StaffServiceSettings settings;
        settings.tier = tier;
        settings.forms = forms;
        return settings;
    }
    sync::AggregatorStore store_;
    sync::StaffService service_;
};

class RemoteBackend final : public StaffBackend {
  public:
    explicit RemoteBackend(std::unique_ptr<sync::staff::StaffClient> client) : client_(std::move(client)) {}
    Result<sync::staff::StaffBody> call(const sync::staff::StaffBody& request) override {
        return client_->send(request).get();
    }

  private:
    std::unique_ptr<sync::staff::StaffClient> client_;
};

}  // namespace

void add_target_options(CLI::App* command, StaffTarget& target) {
    auto* store = command->add_option(
        "--store", target.store, "the aggregator's store (SQLite file; host's administrator); never created");
    auto* remote = command->add_option(
        "--remote", target.remote, "the aggregator's staff endpoint (tcp://HOST:PORT), instead of --store");
    auto* server_key = command->add_option("--server-key", target.server_key,
                                           "with --remote: the aggregator's public key (Z85)");
    auto* staff_key = command->add_option(
        "--staff-key", target.staff_key,
        "with --remote: your staff key file (passphrase from JIEBANG_PASSPHRASE or asked)");
    store->excludes(remote);
    remote->needs(server_key);
    remote->needs(staff_key);
    server_key->needs(remote);
    staff_key->needs(remote);
    command->parse_complete_callback([store, remote] {
        if (store->count() == 0 && remote->count() == 0)
            throw CLI::RequiredError("--store FILE (on the aggregator's host) or --remote ENDPOINT");
    });
}

Result<std::unique_ptr<StaffBackend>> open_backend(const StaffTarget& target, const FormCatalog* forms) {
    if (!target.is_remote()) {
        auto store = open_existing_store(target.store);
        if (!store)
            return store.error();
        auto role = store->setting("role");
        if (!role)
            return role.error();
        return std::unique_ptr<StaffBackend>(
            std::make_unique<StoreBackend>(std::move(store.value()), role.value(), forms));
    }
    sync::staff::StaffConnectionSettings settings;
    settings.endpoint = target.remote;
    settings.server_public_key = target.server_key;
    auto passphrase = read_passphrase("passphrase for " + target.staff_key + ": ", false);
    if (!passphrase)
        return passphrase.error();
    auto client = sync::staff::StaffClient::open(settings, target.staff_key, passphrase.value());
    sodium_memzero(passphrase.value().data(), passphrase.value().size());
    if (!client)
        return client.error();
    return std::unique_ptr<StaffBackend>(std::make_unique<RemoteBackend>(std::move(client.value())));
}

}  // namespace jiebang::cli
