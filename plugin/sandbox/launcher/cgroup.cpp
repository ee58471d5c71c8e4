// SPDX-License-Identifier: MIT
#include "cgroup.hpp"
#include "orphans.hpp"
#include "privileges.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace pmat::sandbox::launcher {

struct Mount {
   std::string root;  // the mount's root within the hierarchy
   std::string point; // where it is mounted
};

namespace {

constexpr std::uint64_t k_mib = 1024 * 1024;

// Controller ("memory", "pids", "cpu"; "" for the v2 hierarchy) -> its mount.
std::map<std::string, Mount> cgroup_mounts() {
   std::map<std::string, Mount> out;
   std::ifstream in("/proc/self/mountinfo");
   for (std::string line; std::getline(in, line);) {
      std::istringstream fields(line);
      std::string id, parent, device, root, point, word;
      fields >> id >> parent >> device >> root >> point;
      while (fields >> word && word != "-") {
      }
      std::string type, source, options;
      fields >> type >> source >> options;
      if (type == "cgroup2")
         out.emplace("", Mount{root, point});
      if (type != "cgroup")
         continue;
      std::istringstream names(options);
      for (std::string name; std::getline(names, name, ',');)
         out.emplace(name, Mount{root, point});
   }
   return out;
}

// Controller -> the launcher's cgroup path in that hierarchy ("" for v2).
std::map<std::string, std::string> own_cgroups() {
   std::map<std::string, std::string> out;
   std::ifstream in("/proc/self/cgroup");
   for (std::string line; std::getline(in, line);) {
      const auto first = line.find(':'), second = line.find(':', first + 1);
      if (first == std::string::npos || second == std::string::npos)
         continue;
      std::istringstream names(line.substr(first + 1, second - first - 1));
      const std::string path = line.substr(second + 1);
      if (second == first + 1)
         out[""] = path;
      for (std::string name; std::getline(names, name, ',');)
         out[name] = path;
   }
   return out;
}

} // namespace

// Where the hierarchies are mounted and where the launcher sits in each, read once per launch.
struct Hierarchies {
   std::map<std::string, Mount> mounts = cgroup_mounts();
   std::map<std::string, std::string> own = own_cgroups();
};

namespace {

// The directory of the launcher's own cgroup for `controller`, or "".
std::string own_dir(const Hierarchies &hierarchies, const std::string &controller) {
   const auto &mounts = hierarchies.mounts;
   const auto &own = hierarchies.own;
   const auto mount = mounts.find(controller);
   const auto path = own.find(controller);
   if (mount == mounts.end() || path == own.end())
      return "";
   std::string relative = path->second;
   if (mount->second.root != "/" && relative.rfind(mount->second.root, 0) == 0)
      relative = relative.substr(mount->second.root.size());
   return mount->second.point + (relative == "/" ? "" : relative);
}

bool has_controllers(const std::string &dir) {
   std::ifstream in(dir + "/cgroup.controllers");
   std::string text((std::istreambuf_iterator<char>(in)), {});
   return text.find("memory") != std::string::npos && text.find("pids") != std::string::npos;
}

std::string write_value(const std::string &dir, const char *file, std::uint64_t value) {
   return write_existing_file(dir + "/" + file, std::to_string(value));
}

std::string write_if_present(const std::string &dir, const char *file, std::uint64_t value) {
   return access((dir + "/" + file).c_str(), F_OK) == 0 ? write_value(dir, file, value) : "";
}

std::uint64_t cpu_shares(std::uint64_t weight) {
   return weight * 1024 / 100; // v1 cpu.shares default 1024 = v2 cpu.weight default 100
}

void kill_members(const std::string &dir) {
   std::ifstream in(dir + "/cgroup.procs");
   for (pid_t pid = 0; in >> pid;)
      kill(pid, SIGKILL);
}

} // namespace

// Cgroups of launchers killed before they could remove them; rmdir refuses a populated one.
static void remove_orphans(const std::string &parent) {
   DIR *dir = opendir(parent.c_str());
   if (dir == nullptr)
      return;
   while (const dirent *entry = readdir(dir)) {
      if (launcher_gone(entry->d_name, "pmat-w-"))
         rmdir((parent + "/" + entry->d_name).c_str());
   }
   closedir(dir);
}

std::string WorkerCgroup::make(const std::string &parent) {
   remove_orphans(parent);
   const std::string dir = parent + "/pmat-w-" + std::to_string(getpid());
   if (mkdir(dir.c_str(), 0755) != 0)
      return dir + ": " + std::strerror(errno);
   dirs_.push_back(dir);
   return "";
}

std::string WorkerCgroup::prepare_v2(const SandboxConfig &config, const std::string &parent) {
   // Delegating the controllers to the parent's children; refused (EBUSY) when the parent
   // itself holds processes and is not the root of the hierarchy.
   std::string error = write_existing_file(parent + "/cgroup.subtree_control", "+memory +pids");
   write_existing_file(parent + "/cgroup.subtree_control", "+cpu"); // a weight where offered
   if (!error.empty())
      return "cannot delegate memory and pids below " + parent + ": " + error;
   error = make(parent);
   if (!error.empty())
      return error;
   const std::string &dir = dirs_.back();
   error = write_value(dir, "memory.max", config.cgroup_memory_mib * k_mib);
   if (error.empty())
      error = write_if_present(dir, "memory.swap.max", 0);
   if (error.empty())
      error = write_value(dir, "pids.max", config.cgroup_pids);
   if (error.empty())
      error = write_if_present(dir, "cpu.weight", config.cgroup_cpu_weight);
   memory_usage_ = dir + "/memory.current";
   v2_ = true;
   return error;
}

std::string WorkerCgroup::prepare_v1(const SandboxConfig &config, const Hierarchies &hierarchies) {
   struct Item {
      const char *controller;
      const char *file;
      std::uint64_t value;
      bool required;
   };
   const Item items[] = {
       {"memory", "memory.limit_in_bytes", config.cgroup_memory_mib * k_mib, true},
       {"pids", "pids.max", config.cgroup_pids, true},
       {"cpu", "cpu.shares", cpu_shares(config.cgroup_cpu_weight), false},
   };
   for (const auto &item : items) {
      const std::string parent = own_dir(hierarchies, item.controller);
      if (parent.empty() && !item.required)
         continue;
      std::string error =
          parent.empty() ? std::string("no ") + item.controller + " hierarchy" : make(parent);
      if (error.empty())
         error = write_value(dirs_.back(), item.file, item.value);
      if (!error.empty())
         return error;
      const std::string tasks = dirs_.back() + "/tasks";
      const int fd = open(tasks.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd < 0)
         return tasks + ": " + std::strerror(errno);
      task_files_.push_back(fd);
   }
   memory_usage_ = dirs_.front() + "/memory.usage_in_bytes";
   return "";
}

std::string WorkerCgroup::prepare(const SandboxConfig &config) {
   std::string error;
   const Hierarchies hierarchies;
   if (config.cgroup_parent != "auto")
      error = prepare_v2(config, config.cgroup_parent);
   else if (const std::string unified = own_dir(hierarchies, ""); has_controllers(unified))
      error = prepare_v2(config, unified);
   else
      error = prepare_v1(config, hierarchies);
   if (!error.empty())
      remove();
   return error;
}

std::string WorkerCgroup::attach(pid_t pid) {
   if (!v2_ || dirs_.empty())
      return "";
   std::string error = write_value(dirs_.back(), "cgroup.procs", static_cast<std::uint64_t>(pid));
   if (!error.empty())
      remove();
   return error;
}

void WorkerCgroup::close_task_files() {
   for (const int fd : task_files_)
      close(fd);
   task_files_.clear();
}

void WorkerCgroup::remove() {
   close_task_files();
   for (auto dir = dirs_.rbegin(); dir != dirs_.rend(); ++dir) {
      if (!v2_ || !write_existing_file(*dir + "/cgroup.kill", "1").empty())
         kill_members(*dir);
      // A killed task leaves its cgroup when the kernel has reaped it, a moment after SIGKILL;
      // with a pid namespace (the default) every task is gone already and the first try works.
      for (int attempt = 0; rmdir(dir->c_str()) != 0 && errno == EBUSY && attempt < 500; ++attempt)
         usleep(1000);
   }
   dirs_.clear();
   memory_usage_.clear();
}

} // namespace pmat::sandbox::launcher
