// SPDX-License-Identifier: MIT
// Frame codec throughput per payload size (bytes/s is per KiB-scale frame; target: framing adds
// <= 10 us per KiB-scale frame). "Decode+parse" includes Boost.JSON, as the worker reader does.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include <pmat/bridge/frame_codec.hpp>
#include <pmat/bridge/message.hpp>

using namespace pmat::bridge;

namespace {

std::string json_payload(std::size_t bytes) {
   std::string p = R"({"id":1,"status":"success","payload":{"text":")";
   p.append(bytes > p.size() + 4 ? bytes - p.size() - 4 : 1, 'x');
   p += "\"}}";
   return p;
}

void BM_Encode(benchmark::State &state) {
   const std::string payload = json_payload(static_cast<std::size_t>(state.range(0)));
   std::string out;
   for (auto _ : state) {
      out.clear();
      benchmark::DoNotOptimize(append_frame(out, 7, payload));
   }
   state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * payload.size()));
}
BENCHMARK(BM_Encode)->Arg(64)->Arg(1024)->Arg(4096)->Arg(65536)->Arg(1 << 20);

void BM_Decode(benchmark::State &state) {
   const std::string payload = json_payload(static_cast<std::size_t>(state.range(0)));
   std::string stream;
   FrameEncoder encoder;
   for (int i = 0; i < 16; ++i)
      (void)encoder.encode(payload, stream);
   std::vector<Frame> frames;
   for (auto _ : state) {
      FrameDecoder decoder;
      frames.clear();
      benchmark::DoNotOptimize(decoder.feed(stream, frames));
   }
   state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
   state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 16));
}
BENCHMARK(BM_Decode)->Arg(64)->Arg(1024)->Arg(4096)->Arg(65536)->Arg(1 << 20);

// The same stream delivered in 4 KiB reads, the way a pipe hands it over.
void BM_DecodeSplit4K(benchmark::State &state) {
   const std::string payload = json_payload(static_cast<std::size_t>(state.range(0)));
   std::string stream;
   FrameEncoder encoder;
   for (int i = 0; i < 16; ++i)
      (void)encoder.encode(payload, stream);
   std::vector<Frame> frames;
   for (auto _ : state) {
      FrameDecoder decoder;
      frames.clear();
      for (std::size_t at = 0; at < stream.size(); at += 4096)
         benchmark::DoNotOptimize(decoder.feed(std::string_view(stream).substr(at, 4096), frames));
   }
   state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
}
BENCHMARK(BM_DecodeSplit4K)->Arg(1024)->Arg(65536);

void BM_DecodeAndParse(benchmark::State &state) {
   const std::string payload = json_payload(static_cast<std::size_t>(state.range(0)));
   std::string stream;
   (void)append_frame(stream, 0, payload);
   std::vector<Frame> frames;
   for (auto _ : state) {
      FrameDecoder decoder;
      frames.clear();
      (void)decoder.feed(stream, frames);
      benchmark::DoNotOptimize(parse_message(frames.front().payload));
   }
   state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
}
BENCHMARK(BM_DecodeAndParse)->Arg(1024)->Arg(65536);

} // namespace

BENCHMARK_MAIN();
