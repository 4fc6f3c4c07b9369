// libFuzzer target: whatever bytes a desk (or anyone who can reach the port)
// sends after the TLS handshake, through the daemon's exact path — FrameDecoder,
// then Authority::handle on a clinic in memory — without a socket.
//
// Build with clang; for coverage of the core itself configure with
// -DFASCIA_SANITIZE=ON -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link (docs/PROTOCOL.md, "Fuzzing").
//   fascia_sync_fuzzer -dict=apps/syncd/fuzz/sync.dict -max_total_time=60 CORPUS apps/syncd/fuzz/seeds
#include <fascia/clinic.h>
#include <fascia/extensions.h>
#include <fascia/sync.h>
#include <fascia/sync_protocol.h>

#include <boost/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

namespace {

using namespace fascia;
namespace json = boost::json;

/// One clinic for the whole run, with an owner and an enrolled device.
struct World {
    Extensions extensions;
    SystemClock clock;
    std::unique_ptr<Clinic> clinic;
    std::unique_ptr<sync::Authority> authority;
    std::string device;

    World()
    {
        register_core(extensions);
        auto opened = Clinic::open_in_memory(extensions, clock);
        if (!opened)
            std::abort();
        clinic = std::move(*opened);
        if (!clinic->bus().execute({"staff.create", {{"username", "maria"}, {"role", "owner"}}, ""}))
            std::abort();
        authority = std::make_unique<sync::Authority>(*clinic);
        auto code = authority->create_enroll_code("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        if (!code)
            std::abort();
        std::string enrolled;
        const auto reply = authority->handle({{"type", "enroll"}, {"code", *code}, {"name", "fuzz"}}, enrolled);
        if (reply.at("type") != "enrolled")
            std::abort();
        device = enrolled;
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static World world;
    if (size == 0)
        return 0;
    // The first byte: whether the connection has already said hello (to reach
    // push and pull), and how the stream is cut into reads, as a network would.
    const std::uint8_t control = data[0];
    std::string device = (control & 1) ? world.device : std::string();
    const std::size_t piece = (control >> 1) + 1;
    const std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);

    sync::FrameDecoder decoder;
    for (std::size_t at = 0; at < stream.size(); at += piece) {
        decoder.feed(stream.substr(at, piece));
        for (;;) {
            json::object message;
            const auto status = decoder.next(message);
            if (status == sync::FrameDecoder::Status::need_more)
                break;
            if (status == sync::FrameDecoder::Status::error)
                return 0; // the daemon answers with an error and closes
            const json::object reply = world.authority->handle(message, device);
            const std::string frame = sync::encode_frame(reply);
            if (frame.size() < sync::frame_header_size)
                std::abort();
            if (reply.at("type") == "error")
                return 0; // closed after an error reply
        }
    }
    return 0;
}
