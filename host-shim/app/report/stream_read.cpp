// SPDX-License-Identifier: MIT
#include "stream_read.hpp"

#include "json_fields.hpp"

#include <boost/json/array.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace pmat::report::detail {
namespace {

using boost::json::error_code;

// The containers whose members the reader reads, from the answer's object down to a function's
// metrics; anything else is skipped whole.
enum class Scope : unsigned char {
   Root,
   Functions,
   Satd,
   Violations,
   Function,
   Metrics,
   SatdItem,
   Violation,
};

// What a container after the current key is for.
enum class Pending : unsigned char { None, Functions, Satd, Violations, Metrics, Claude };

// Root, an array, its item, the item's metrics: nothing nests deeper.
constexpr std::size_t k_max_scopes = 4;

template <typename Item> using TextMember = std::pair<std::string_view, std::string Item::*>;
template <typename Item> using NumberMember = std::pair<std::string_view, std::int64_t Item::*>;

constexpr std::array<TextMember<ResultFunction>, 1> k_function_texts{{
    {"name", &ResultFunction::name},
}};
constexpr std::array<NumberMember<ResultFunction>, 2> k_function_numbers{{
    {"line_start", &ResultFunction::line_start},
    {"line_end", &ResultFunction::line_end},
}};
constexpr std::array<TextMember<ResultFunction>, 0> k_metrics_texts{};
constexpr std::array<NumberMember<ResultFunction>, 2> k_metrics_numbers{{
    {"cyclomatic", &ResultFunction::cyclomatic},
    {"cognitive", &ResultFunction::cognitive},
}};
constexpr std::array<TextMember<ResultViolation>, 5> k_violation_texts{{
    {"severity", &ResultViolation::severity},
    {"rule", &ResultViolation::rule},
    {"message", &ResultViolation::message},
    {"file", &ResultViolation::file},
    {"function", &ResultViolation::function},
}};
constexpr std::array<NumberMember<ResultViolation>, 3> k_violation_numbers{{
    {"value", &ResultViolation::value},
    {"threshold", &ResultViolation::threshold},
    {"line", &ResultViolation::line},
}};

std::optional<Scope> array_scope(Pending pending) {
   switch (pending) {
   case Pending::Functions: return Scope::Functions;
   case Pending::Satd: return Scope::Satd;
   case Pending::Violations: return Scope::Violations;
   default: return std::nullopt;
   }
}

// The basic_parser handler. A key read in a scope names the member its value fills: the member is
// reset to what a missing member reads as, then a value of the member's type sets it, so that a
// mistyped value leaves the default and the last of duplicate keys wins, as in a parsed object.
class Reader {
 public:
   // The limits of boost::json::parse's own handler, so that both fail on the same texts.
   static const std::size_t max_object_size = // NOLINT(readability-identifier-naming): Boost's
       boost::json::object::max_size();
   static const std::size_t max_array_size = // NOLINT(readability-identifier-naming): Boost's
       boost::json::array::max_size();
   static const std::size_t max_key_size = // NOLINT(readability-identifier-naming): Boost's
       boost::json::string::max_size();
   static const std::size_t max_string_size = // NOLINT(readability-identifier-naming): Boost's
       boost::json::string::max_size();

   explicit Reader(FileResult &out) : out_(out) {}

   [[nodiscard]] bool root_is_object() const { return root_is_object_; }
   [[nodiscard]] bool has_claude() const { return has_claude_; }

   bool on_document_begin(error_code &) { return true; }
   bool on_document_end(error_code &) { return true; }
   bool on_object_begin(error_code &) {
      object_begin(take_pending());
      return true;
   }
   bool on_object_end(std::size_t, error_code &) {
      close();
      return true;
   }
   bool on_array_begin(error_code &) {
      array_begin(take_pending());
      return true;
   }
   bool on_array_end(std::size_t, error_code &) {
      close();
      return true;
   }
   bool on_key_part(boost::json::string_view part, std::size_t, error_code &) {
      if (skip_depth_ == 0)
         key_.append(part.data(), part.size());
      return true;
   }
   bool on_key(boost::json::string_view part, std::size_t, error_code &) {
      if (skip_depth_ == 0)
         key(std::string_view(part.data(), part.size()));
      return true;
   }
   bool on_string_part(boost::json::string_view part, std::size_t, error_code &) {
      if (text_ != nullptr)
         text_->append(part.data(), part.size());
      return true;
   }
   bool on_string(boost::json::string_view part, std::size_t, error_code &) {
      if (text_ != nullptr)
         text_->append(part.data(), part.size());
      take_pending();
      return true;
   }
   bool on_number_part(boost::json::string_view, error_code &) { return true; }
   bool on_int64(std::int64_t number, boost::json::string_view, error_code &) {
      return on_number(number);
   }
   bool on_uint64(std::uint64_t number, boost::json::string_view, error_code &) {
      return on_number(number);
   }
   bool on_double(double number, boost::json::string_view, error_code &) {
      return on_number(number);
   }
   bool on_bool(bool flag, error_code &) {
      if (flag_ != nullptr)
         *flag_ = flag;
      take_pending();
      return true;
   }
   bool on_null(error_code &) {
      take_pending();
      return true;
   }
   bool on_comment_part(boost::json::string_view, error_code &) { return true; }
   bool on_comment(boost::json::string_view, error_code &) { return true; }

 private:
   // Converted as a parsed object's number is (json_fields.hpp), only when a member wants it.
   template <typename Number> bool on_number(Number number) {
      if (number_ != nullptr)
         *number_ = exact_integer(boost::json::value(number), 0);
      take_pending();
      return true;
   }

   // A value starts: what the key before it named is consumed.
   Pending take_pending() {
      text_ = nullptr;
      number_ = nullptr;
      flag_ = nullptr;
      return std::exchange(pending_, Pending::None);
   }

   // Never past k_max_scopes: only the root's keys open an array, only an array's objects open an
   // item, only a function's `metrics` opens Metrics; every other container is skipped.
   void push(Scope scope) { scopes_[depth_++] = scope; }
   [[nodiscard]] Scope top() const { return scopes_[depth_ - 1]; }

   void close() {
      if (skip_depth_ > 0)
         --skip_depth_;
      else
         --depth_;
   }

   void object_begin(Pending pending) {
      if (skip_depth_ > 0) {
         ++skip_depth_;
      } else if (depth_ == 0) {
         root_is_object_ = true;
         push(Scope::Root);
      } else if (!open_item()) {
         open_member_object(pending);
      }
   }

   // An object that is a member's value: a function's metrics, Claude's answer, or skipped.
   void open_member_object(Pending pending) {
      if (pending == Pending::Metrics) {
         push(Scope::Metrics);
         return;
      }
      has_claude_ = has_claude_ || pending == Pending::Claude;
      ++skip_depth_;
   }

   // An object in one of the read arrays is an item; anything else there is skipped.
   bool open_item() {
      switch (top()) {
      case Scope::Functions:
         out_.functions.emplace_back();
         push(Scope::Function);
         return true;
      case Scope::Satd:
         out_.satd_severities.emplace_back();
         push(Scope::SatdItem);
         return true;
      case Scope::Violations:
         out_.violations.emplace_back();
         push(Scope::Violation);
         return true;
      default: return false;
      }
   }

   void array_begin(Pending pending) {
      const auto scope = skip_depth_ == 0 ? array_scope(pending) : std::nullopt;
      if (!scope) {
         ++skip_depth_;
         return;
      }
      push(*scope);
      if (*scope == Scope::Functions)
         out_.well_formed = true;
   }

   void key(std::string_view part) {
      std::string_view name = part;
      if (!key_.empty()) {
         key_.append(part);
         name = key_;
      }
      bind(name);
      key_.clear();
   }

   void bind(std::string_view name) {
      switch (top()) {
      case Scope::Root: return bind_root(name);
      case Scope::Function: return bind_function(name);
      case Scope::Metrics:
         return bind_member(name, out_.functions.back(), k_metrics_texts, k_metrics_numbers);
      case Scope::SatdItem:
         if (name == "severity")
            read_text(out_.satd_severities.back());
         return;
      case Scope::Violation:
         return bind_member(name, out_.violations.back(), k_violation_texts, k_violation_numbers);
      default: return; // an array: no keys
      }
   }

   void bind_root(std::string_view name) {
      if (name == "path") {
         read_text(out_.path.emplace()); // present: a string even when mistyped
      } else if (name == "skipped") {
         out_.skipped = false;
         flag_ = &out_.skipped;
      } else if (name == "engine") {
         read_text(out_.engine);
      } else if (name == "fallback_reason") {
         read_text(out_.fallback_reason);
      } else if (name == "claude") {
         pending_ = Pending::Claude;
      } else {
         bind_array(name);
      }
   }

   void bind_array(std::string_view name) {
      if (name == "functions") {
         out_.functions.clear();
         out_.well_formed = false; // until the value turns out to be an array
         pending_ = Pending::Functions;
      } else if (name == "satd") {
         out_.satd_severities.clear();
         pending_ = Pending::Satd;
      } else if (name == "violations") {
         out_.violations.clear();
         pending_ = Pending::Violations;
      }
   }

   void bind_function(std::string_view name) {
      auto &function = out_.functions.back();
      if (name == "metrics") {
         function.cyclomatic = 0;
         function.cognitive = 0;
         pending_ = Pending::Metrics;
         return;
      }
      bind_member(name, function, k_function_texts, k_function_numbers);
   }

   template <typename Item, std::size_t Texts, std::size_t Numbers>
   void bind_member(std::string_view name, Item &item,
                    const std::array<TextMember<Item>, Texts> &texts,
                    const std::array<NumberMember<Item>, Numbers> &numbers) {
      for (const auto &[member_name, member] : texts) {
         if (member_name == name)
            return read_text(item.*member);
      }
      for (const auto &[member_name, member] : numbers) {
         if (member_name == name) {
            item.*member = 0;
            number_ = &(item.*member);
            return;
         }
      }
   }

   void read_text(std::string &member) {
      member.clear();
      text_ = &member;
   }

   FileResult &out_;
   std::array<Scope, k_max_scopes> scopes_{};
   std::size_t depth_ = 0;      // scopes_ in use
   std::size_t skip_depth_ = 0; // containers open inside a skipped one, itself included
   std::string key_;            // a key that came in parts
   // Where the value after the current key goes; at most one is set.
   std::string *text_ = nullptr;
   std::int64_t *number_ = nullptr;
   bool *flag_ = nullptr;
   Pending pending_ = Pending::None;
   bool root_is_object_ = false;
   bool has_claude_ = false;
};

} // namespace

StreamRead stream_read(std::string_view text, FileResult &out) {
   boost::json::basic_parser<Reader> parser(boost::json::parse_options(), out);
   error_code ec;
   const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
   if (!ec && used < text.size())
      ec = boost::json::error::extra_data; // what boost::json::parser::write reports
   if (ec)
      return {StreamOutcome::NotJson, ec};
   if (!parser.handler().root_is_object())
      return {StreamOutcome::NotObject, {}};
   return {parser.handler().has_claude() ? StreamOutcome::HasClaude : StreamOutcome::Read, {}};
}

} // namespace pmat::report::detail
