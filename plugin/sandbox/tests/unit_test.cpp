// SPDX-License-Identifier: MIT
// The pieces without processes: command line both ways, the report both ways, the endpoint of a
// base URL, the environment allow-list and the seccomp policy loader.
#define BOOST_TEST_MODULE pmat_sandbox_unit
#include <boost/test/unit_test.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <pmat/sandbox/command_line.hpp>
#include <pmat/sandbox/layers_report.hpp>

#include "compiled_policy.hpp"
#include "environment.hpp"
#include "options.hpp"
#include "privileges.hpp"
#include "seccomp_filter.hpp"

using namespace pmat::sandbox;

BOOST_AUTO_TEST_CASE(the_command_line_round_trips_through_the_launcher_parser) {
   SandboxConfig config;
   config.launcher = "/opt/pmat/bin/pmat-sandbox-exec";
   config.sandbox_root = "/tmp/pmat-claude-sandbox/w1";
   config.ro_binds = {"/usr/bin/node", "/opt/pmat/bridge"};
   config.pid_ns = false;
   config.network = Network::Egress;
   config.egress_endpoint = "api.anthropic.com:443";
   config.data_mib = 2048;
   config.home_mib = 32;
   config.cgroup_parent = "/sys/fs/cgroup/pmat";
   config.cgroup_pids = 64;
   config.keep_env = {"PMAT_CLAUDE_MODEL"};
   config.set_env = {"PMAT_CLAUDE_ENGINE=agent-sdk"};
   config.require = {Layer::Seccomp, Layer::NetNs};
   config.degraded_ok = true;
   config.report_fd = 3;
   auto argv = build_command_line(
       config, {"/usr/bin/node", "/opt/pmat/bridge/dist/index.js", "--sandboxed"});
   BOOST_TEST(argv.front() == config.launcher);
   auto parsed = launcher::parse_options({argv.begin() + 1, argv.end()});
   BOOST_REQUIRE_MESSAGE(parsed.options.has_value(), parsed.error);
   const SandboxConfig &back = parsed.options->config;
   BOOST_TEST(back.sandbox_root == config.sandbox_root);
   BOOST_TEST(back.ro_binds == config.ro_binds, boost::test_tools::per_element());
   BOOST_TEST(!back.pid_ns);
   BOOST_TEST(back.user_ns);
   BOOST_TEST((back.network == Network::Egress));
   BOOST_TEST(back.egress_endpoint == config.egress_endpoint);
   BOOST_TEST(back.data_mib == 2048U);
   BOOST_TEST(back.home_mib == 32U);
   BOOST_TEST(back.cgroup_pids == 64U);
   BOOST_TEST(back.keep_env == config.keep_env, boost::test_tools::per_element());
   BOOST_TEST(back.set_env == config.set_env, boost::test_tools::per_element());
   BOOST_TEST((back.require == config.require));
   BOOST_TEST(back.degraded_ok);
   BOOST_TEST(parsed.options->report_fd == 3);
   BOOST_TEST(parsed.options->payload.size() == 3U);
   BOOST_TEST(parsed.options->payload[2] == "--sandboxed");
}

// Root's workers each get a host id of their own, when the launcher's namespace has it.
BOOST_AUTO_TEST_CASE(a_worker_id_is_unique_per_launcher_and_must_be_mapped) {
   using namespace pmat::sandbox::launcher;
   BOOST_TEST(unique_worker_id(4242) == 0x70000000U + 4242U);
   BOOST_TEST(unique_worker_id(4242) != unique_worker_id(4243));
   BOOST_TEST(unique_worker_id((1 << 22) - 1) == 0x70000000U + (1U << 22) - 1U); // pid_max - 1
   const std::string initial = "         0          0 4294967295\n"; // the host's namespace
   const std::string container = "0 100000 65536\n";                 // a rootless container
   BOOST_TEST(id_is_mapped(initial, unique_worker_id(4242)));
   BOOST_TEST(!id_is_mapped(container, unique_worker_id(4242)));
   BOOST_TEST(id_is_mapped(container, 65534));
   BOOST_TEST(!id_is_mapped("", 0));
}

BOOST_AUTO_TEST_CASE(bad_command_lines_are_refused) {
   BOOST_TEST(!launcher::parse_options({"--sandbox-root", "/s", "--bogus", "--", "x"}).options);
   BOOST_TEST(!launcher::parse_options({"--sandbox-root", "/s"}).options); // no payload
   BOOST_TEST(!launcher::parse_options({"--sandbox-root", "rel", "--", "x"}).options);
   BOOST_TEST(!launcher::parse_options({"--sandbox-root", "/s", "--rlimit-nofile", "16", "--", "x"})
                   .options);
   BOOST_TEST(!launcher::parse_options({"--sandbox-root", "/s", "--network", "egress", "--", "x"})
                   .options);
   BOOST_TEST(
       !launcher::parse_options({"--sandbox-root", "/s", "--require", "seccomp,nope", "--", "x"})
            .options);
   BOOST_TEST(launcher::parse_options({"--sandbox-root", "/s", "--", "x"}).options.has_value());
}

BOOST_AUTO_TEST_CASE(the_endpoint_of_a_base_url) {
   BOOST_TEST(*endpoint_of_base_url("https://api.anthropic.com") == "api.anthropic.com:443");
   BOOST_TEST(*endpoint_of_base_url("http://127.0.0.1:8080/") == "127.0.0.1:8080");
   BOOST_TEST(*endpoint_of_base_url("http://localhost") == "localhost:80");
   BOOST_TEST(*endpoint_of_base_url("https://[::1]:9443/v1") == "[::1]:9443");
   BOOST_TEST(!endpoint_of_base_url("ftp://example.com"));
   BOOST_TEST(!endpoint_of_base_url("https://user@evil.example"));
   BOOST_TEST(!endpoint_of_base_url("http://host:99999"));
}

BOOST_AUTO_TEST_CASE(the_report_round_trips_and_other_lines_are_not_reports) {
   LayersReport report;
   report.ok = true;
   report.degraded = true;
   report.active = {Layer::Seccomp, Layer::UserNs};
   report.unavailable = {{Layer::Cgroup, "not writable"}};
   report.skipped = {Layer::Identity};
   report.launcher_pid = 42;
   std::string line = format_layers_report(report);
   BOOST_TEST(line.starts_with(k_report_prefix));
   auto back = parse_layers_report(line);
   BOOST_REQUIRE(back.has_value());
   BOOST_TEST(back->ok);
   BOOST_TEST(back->degraded);
   BOOST_TEST(back->is_active(Layer::Seccomp));
   BOOST_TEST(!back->is_active(Layer::Cgroup));
   BOOST_TEST(back->unavailable.at(Layer::Cgroup) == "not writable");
   BOOST_TEST(back->launcher_pid == 42);
   BOOST_TEST(!parse_layers_report("[bridge] started"));
   BOOST_TEST(!parse_layers_report(std::string(k_report_prefix) + "broken"));
   for (Layer layer : all_layers())
      BOOST_TEST((layer_from_name(layer_name(layer)) == layer));
}

BOOST_AUTO_TEST_CASE(the_environment_is_an_allow_list) {
   SandboxConfig config;
   config.max_old_space_mib = 300;
   config.keep_env = {"PMAT_CLAUDE_MODEL"};
   config.set_env = {"PMAT_CLAUDE_ENGINE=agent-sdk", "HOME=/elsewhere"};
   std::vector<std::string> host_entries{"ANTHROPIC_API_KEY=k",    "AWS_SECRET_ACCESS_KEY=s",
                                         "PATH=/usr/bin",          "PMAT_CLAUDE_MODEL=m",
                                         "SSH_AUTH_SOCK=/run/ssh", "LD_PRELOAD=/x.so"};
   std::vector<char *> host;
   for (auto &entry : host_entries)
      host.push_back(entry.data());
   host.push_back(nullptr);
   auto env = launcher::sandbox_environment(config, host.data(), "/sandbox");
   auto has = [&env](const std::string &entry) {
      return std::find(env.begin(), env.end(), entry) != env.end();
   };
   BOOST_TEST(has("ANTHROPIC_API_KEY=k"));
   BOOST_TEST(has("PATH=/usr/bin"));
   BOOST_TEST(has("PMAT_CLAUDE_MODEL=m"));
   BOOST_TEST(has("NODE_OPTIONS=--max-old-space-size=300"));
   BOOST_TEST(has("NODE_ENV=production"));
   BOOST_TEST(has("PMAT_CLAUDE_ENGINE=agent-sdk"));
   BOOST_TEST(has("HOME=/elsewhere")); // --setenv wins
   BOOST_TEST(!has("AWS_SECRET_ACCESS_KEY=s"));
   BOOST_TEST(!has("SSH_AUTH_SOCK=/run/ssh"));
   BOOST_TEST(!has("LD_PRELOAD=/x.so"));
}

BOOST_AUTO_TEST_CASE(the_built_in_policy_compiles_without_warnings) {
   launcher::SeccompFilter filter;
   BOOST_TEST(filter.build(launcher::builtin_policy()) == "");
   for (const auto &warning : filter.warnings())
      BOOST_TEST_MESSAGE("warning: " << warning);
   BOOST_TEST(filter.warnings().empty());
   BOOST_TEST(filter.rule_count() > 150U);
}

// The launcher loads the built-in policy as BPF compiled at build time: it must be byte for byte
// what compiling the policy now produces, or the launcher would enforce a stale filter.
BOOST_AUTO_TEST_CASE(the_precompiled_filter_is_the_built_in_policy_compiled_now) {
   launcher::SeccompFilter filter;
   BOOST_REQUIRE(filter.build(launcher::builtin_policy()) == "");
   const int fd = memfd_create("bpf", MFD_CLOEXEC);
   BOOST_REQUIRE(fd >= 0);
   BOOST_REQUIRE(filter.export_bpf(fd) == "");
   std::string now(static_cast<std::size_t>(lseek(fd, 0, SEEK_END)), '\0');
   BOOST_REQUIRE(pread(fd, now.data(), now.size(), 0) == static_cast<ssize_t>(now.size()));
   close(fd);
   const std::string built(reinterpret_cast<const char *>(launcher::generated::k_program),
                           launcher::generated::k_program_size);
   BOOST_TEST(built.size() == now.size());
   BOOST_TEST(built.size() % 8 == 0u); // whole struct sock_filter instructions
   BOOST_TEST((built == now), "the precompiled program differs from the policy compiled now");
   BOOST_TEST(std::string(launcher::generated::k_warnings).empty());
   // The core library the tests link has no program of its own: only the launcher does.
   BOOST_TEST(launcher::builtin_compiled_policy().size == 0u);
}

BOOST_AUTO_TEST_CASE(unknown_names_are_skipped_and_unknown_conditions_fail_closed) {
   launcher::SeccompFilter filter;
   launcher::PolicyText policy{"read\nno_such_syscall_xyz  # comment\nwrite mystery-condition\n",
                               "ptrace\n", "clone3 ENOSYS\n"};
   BOOST_TEST(filter.build(policy) == "");
   BOOST_TEST(filter.warnings().size() == 2U);
   BOOST_TEST(filter.rule_count() == 3U); // read, ptrace, clone3; write dropped
   launcher::SeccompFilter bad;
   BOOST_TEST(bad.build({"", "", "clone3 EWHATEVER\n"}) != "");
}
