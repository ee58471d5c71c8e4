// SPDX-License-Identifier: MIT
#include "analyze_change.hpp"

#include "api_error.hpp"

namespace pmat::app {

std::vector<report::FileOutcome> analyze_change(const Session &session, const ChangeSet &change,
                                                const AnalyzeOptions &options,
                                                const ReadSource &read, const ProgressFn &progress,
                                                const std::atomic<bool> &cancel) {
   std::vector<SourceFile> files;
   for (const auto &file : change.files)
      files.push_back({file.disk.empty() ? std::filesystem::path(file.diff.path()) : file.disk,
                       file.diff.path(), file.diff.changed});
   auto outcomes = analyze_files(session, files, options, read, progress, cancel);
   for (std::size_t i = 0; i < outcomes.size(); ++i) {
      outcomes[i].changed = change.files[i].diff.changed;
      if (change.files[i].diff.change == FileChange::Renamed)
         outcomes[i].renamed_from = change.files[i].diff.old_path;
   }
   return outcomes;
}

report::ReportOptions change_report_options(const AnalyzeOptions &options,
                                            const ChangeSet &change) {
   report::ReportOptions out = report_options(options);
   out.change = change.scope;
   return out;
}

std::map<std::string, std::string>
change_contents(const ChangeSet &change, const std::map<std::string, std::string> &contents) {
   std::map<std::string, std::string> out;
   for (const auto &file : change.files) {
      const std::string &path = file.diff.path();
      const auto given = contents.find(path);
      if (given == contents.end() && file.diff.change != FileChange::Added)
         throw ApiError(400, "missing_content",
                        "the diff changes '" + path + "': send its new text under files['" + path +
                            "'] (only an added file can come from the diff alone)");
      const std::string &text = given == contents.end() ? file.diff.added_text : given->second;
      const std::string mismatch = check_new_content(file.diff, text);
      if (!mismatch.empty())
         throw ApiError(400, "content_mismatch", mismatch);
      out[path] = text;
   }
   return out;
}

ReadSource read_from_contents(const std::map<std::string, std::string> &contents) {
   return [&contents](const SourceFile &file) {
      const auto found = contents.find(file.display);
      if (found == contents.end())
         throw ApiError(400, "missing_content", "no text for '" + file.display + "'");
      return found->second;
   };
}

ChangeReview review_diff(const Session &session, const DiffRequest &request,
                         const ProgressFn &progress, const std::atomic<bool> &cancel) {
   std::vector<FileDiff> diff;
   try {
      diff = parse_unified_diff(request.diff);
   } catch (const DiffError &e) {
      throw ApiError(400, "invalid_diff", e.what());
   }
   const ChangeSet change = change_set_of(std::move(diff), request.base);
   const auto contents = change_contents(change, request.files);
   return {analyze_change(session, change, request.options, read_from_contents(contents), progress,
                          cancel),
           change_report_options(request.options, change)};
}

} // namespace pmat::app
