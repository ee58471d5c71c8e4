// SPDX-License-Identifier: MIT
// The change a run reviewed, as the JSON and text reports show it.
#include "aggregate.hpp"

namespace pmat::report::detail {

boost::json::object change_json(const ChangeScope &change) {
   boost::json::array deleted, skipped, renamed;
   for (const auto &path : change.deleted)
      deleted.push_back(boost::json::value(path));
   for (const auto &skip : change.skipped)
      skipped.push_back(boost::json::object{{"path", skip.path}, {"reason", skip.reason}});
   for (const auto &rename : change.renamed)
      renamed.push_back(boost::json::object{{"from", rename.from}, {"to", rename.to}});
   return boost::json::object{{"base", change.base},
                              {"deleted", std::move(deleted)},
                              {"skipped", std::move(skipped)},
                              {"renamed", std::move(renamed)}};
}

std::string change_text(const ChangeScope &change) {
   std::string out = "Change against " + change.base + ": " +
                     std::to_string(change.renamed.size()) + " renamed, " +
                     std::to_string(change.deleted.size()) + " deleted, " +
                     std::to_string(change.skipped.size()) + " skipped\n";
   for (const auto &rename : change.renamed)
      out += "  " + rename.to + ": renamed from " + rename.from + "\n";
   for (const auto &path : change.deleted)
      out += "  " + path + ": deleted\n";
   for (const auto &skip : change.skipped)
      out += "  " + skip.path + ": skipped: " + skip.reason + "\n";
   return out;
}

} // namespace pmat::report::detail
