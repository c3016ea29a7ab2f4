// console/model/channel_staff_service.hpp — the StaffService over the aggregator's staff channel: each call is
// one request of sync/staff_channel/staff_client.hpp (docs/protocol.md section 17), waited for on the model
// worker, its reply turned into the console's model types. No logic of its own: filters, paging, roles and
// review rules are the server's; an Error from the server or the client passes through unchanged.
#pragma once

#include <memory>

#include "console/model/staff_model.hpp"

namespace jiebang::console::model {

std::unique_ptr<StaffServiceFactory> make_channel_staff_service_factory();

}  // namespace jiebang::console::model
