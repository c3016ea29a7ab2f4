// console/model/channel_staff_service.cpp — see channel_staff_service.hpp.
#include "console/model/channel_staff_service.hpp"

namespace jiebang::console::model {

namespace {

class MissingChannelFactory final : public StaffServiceFactory {
  public:
    Result<std::unique_ptr<StaffService>> connect(const ConnectionSettings& settings,
                                                  const backoffice::CurveKeyPairText&) override {
        return Error("console.no_staff_channel", settings.endpoint, "this build has no staff channel client");
    }
};

}  // namespace

std::unique_ptr<StaffServiceFactory> make_channel_staff_service_factory() {
    return std::make_unique<MissingChannelFactory>();
}

}  // namespace jiebang::console::model
