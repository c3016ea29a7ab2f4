// console/model/channel_staff_service.hpp — the StaffService over the aggregator's staff channel
// (sync/staff_channel's client). Until that client is part of the build, the factory answers every sign-in
// with console.no_staff_channel, so the console says plainly that it cannot reach an aggregator.
#pragma once

#include <memory>

#include "console/model/staff_model.hpp"

namespace jiebang::console::model {

std::unique_ptr<StaffServiceFactory> make_channel_staff_service_factory();

}  // namespace jiebang::console::model
