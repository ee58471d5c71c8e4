// SPDX-License-Identifier: MIT
#include "checks.hpp"

#include "utf8.hpp"

#include <boost/json/parse.hpp>

#include <cstring>

namespace pmat::conformance {

namespace {
// Any recognisable non-zero pattern: a plugin that leaves it in place on failure would make a
// host release garbage.
const char k_poison[] = "poison";
} // namespace

std::string status_text(pmat_status status) {
   const char *name = pmat_status_name(status);
   return std::to_string(status) + " (" + (name ? name : "not a pmat_status") + ")";
}

bool expect_known_status(TestContext &ctx, pmat_status status, std::string_view call) {
   return ctx.expect(pmat_status_name(status) != nullptr,
                     std::string(call) + " returned " + status_text(status) +
                         ", a value plugin_api.h does not list (PMAT-ABI-021)");
}

void expect_last_error_sane(TestContext &ctx, const PluginSession &session, std::string_view call,
                            bool after_failure) {
   const char *text = session.entry().last_error();
   const std::string where = "last_error after " + std::string(call);
   if (!ctx.expect(text != nullptr, where + " returned NULL (PMAT-ABI-022)"))
      return;
   const std::size_t len = strnlen(text, PMAT_LAST_ERROR_MAX);
   if (!ctx.expect(len < PMAT_LAST_ERROR_MAX,
                   where + " is PMAT_LAST_ERROR_MAX bytes or longer (PMAT-ABI-022)"))
      return;
   ctx.expect(is_valid_utf8(std::string_view(text, len)), where + " is not valid UTF-8");
   if (after_failure)
      ctx.expect(len > 0, where + " is empty: a failed call must say why");
}

bool complete(const pmat_analyzer *a) {
   return PMAT_ABI_HAS_MEMBER(a, pmat_analyzer, release) && a->analyze && a->release;
}

bool complete(const pmat_cache *c) {
   return PMAT_ABI_HAS_MEMBER(c, pmat_cache, release) && c->get && c->put && c->stats && c->clear &&
          c->release;
}

bool complete(const pmat_metrics *m) {
   return PMAT_ABI_HAS_MEMBER(m, pmat_metrics, release) && m->render && m->release;
}

bool complete(const pmat_state *s) {
   return PMAT_ABI_HAS_MEMBER(s, pmat_state, release) && s->export_state && s->import_state &&
          s->release;
}

pmat_plugin_buffer poisoned_buffer() {
   return pmat_plugin_buffer{k_poison, sizeof k_poison - 1, const_cast<char *>(k_poison)};
}

bool safe_to_release(pmat_status status, const pmat_plugin_buffer &buffer) {
   if (status == PMAT_STATUS_OK)
      return buffer.data != k_poison;
   return buffer.data == nullptr && buffer.size == 0 && buffer.plugin_private == nullptr;
}

void check_buffer_after_call(TestContext &ctx, const PluginSession &session, pmat_status status,
                             const pmat_plugin_buffer &buffer, std::string_view call) {
   const std::string name(call);
   expect_known_status(ctx, status, call);
   if (status != PMAT_STATUS_OK) {
      ctx.expect(buffer.data == nullptr && buffer.size == 0 && buffer.plugin_private == nullptr,
                 name + " failed with " + status_text(status) +
                     " but did not zero its output buffer");
      expect_last_error_sane(ctx, session, call, true);
      return;
   }
   if (!ctx.expect(buffer.data != nullptr && buffer.data != k_poison,
                   name + " returned OK without filling its output buffer"))
      return;
   ctx.expect(buffer.data[buffer.size] == '\0',
              name + " returned a buffer without a NUL at data[size] (PMAT-ABI-032)");
}

std::optional<boost::json::value> parse_json(std::string_view text) {
   boost::system::error_code ec;
   auto value = boost::json::parse(text, ec);
   if (ec)
      return std::nullopt;
   return value;
}

bool expect_json_object(TestContext &ctx, const CallResult &result, std::string_view call) {
   const std::string name(call);
   if (!ctx.expect(result.ok(), name + " returned " + status_text(result.status)))
      return false;
   const auto json = parse_json(result.body);
   return ctx.expect(json && json->is_object(), name + " did not return a JSON object: " +
                                                    printable(result.body.substr(0, 200)));
}

} // namespace pmat::conformance
