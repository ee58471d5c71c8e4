// SPDX-License-Identifier: MIT
// Layer names: one table, read both ways.
#include <pmat/sandbox/layers.hpp>

namespace pmat::sandbox {
namespace {

struct Named {
   Layer layer;
   std::string_view name;
};

constexpr std::array<Named, k_layer_count> k_names{{
    {Layer::Session, "session"},
    {Layer::Pdeathsig, "pdeathsig"},
    {Layer::UserNs, "userns"},
    {Layer::MountNs, "mountns"},
    {Layer::PidNs, "pidns"},
    {Layer::IpcNs, "ipcns"},
    {Layer::UtsNs, "utsns"},
    {Layer::NetNs, "netns"},
    {Layer::Egress, "egress"},
    {Layer::Filesystem, "filesystem"},
    {Layer::Identity, "identity"},
    {Layer::Rlimits, "rlimits"},
    {Layer::Cgroup, "cgroup"},
    {Layer::Fds, "fds"},
    {Layer::Env, "env"},
    {Layer::Caps, "caps"},
    {Layer::NoNewPrivs, "no_new_privs"},
    {Layer::Seccomp, "seccomp"},
}};

constexpr std::array<Layer, k_layer_count> make_all() {
   std::array<Layer, k_layer_count> out{};
   for (std::size_t i = 0; i < k_layer_count; ++i)
      out[i] = k_names[i].layer;
   return out;
}

constexpr std::array<Layer, k_layer_count> k_all = make_all();

} // namespace

std::string_view layer_name(Layer layer) {
   return k_names[static_cast<std::size_t>(layer)].name;
}

std::optional<Layer> layer_from_name(std::string_view name) {
   for (const auto &entry : k_names) {
      if (entry.name == name)
         return entry.layer;
   }
   return std::nullopt;
}

const std::array<Layer, k_layer_count> &all_layers() {
   return k_all;
}

} // namespace pmat::sandbox
