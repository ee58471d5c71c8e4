// SPDX-License-Identifier: MIT
#include "serve_test_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

namespace fs = std::filesystem;

namespace pmat::serve::test {
namespace {

std::string lower(std::string text) {
   for (char &c : text)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
   return text;
}

void parse_head(const std::string &head, Reply &reply) {
   const auto line_end = head.find("\r\n");
   reply.status = static_cast<unsigned>(std::stoul(head.substr(9, 3)));
   std::size_t at = line_end + 2;
   while (at < head.size()) {
      const auto end = head.find("\r\n", at);
      const std::string line = head.substr(at, end - at);
      const auto colon = line.find(':');
      if (colon != std::string::npos)
         reply.headers[lower(line.substr(0, colon))] =
             line.substr(line.find_first_not_of(' ', colon + 1));
      at = end == std::string::npos ? head.size() : end + 2;
   }
}

} // namespace

TempDir::TempDir() {
   std::string pattern = (fs::temp_directory_path() / "pmat-serve-test-XXXXXX").string();
   if (!::mkdtemp(pattern.data()))
      throw std::runtime_error("mkdtemp failed");
   path_ = pattern;
}

TempDir::~TempDir() {
   std::error_code ec;
   fs::remove_all(path_, ec);
}

void TempDir::write(const std::string &relative, const std::string &content) const {
   fs::create_directories((path_ / relative).parent_path());
   std::ofstream(path_ / relative, std::ios::binary) << content;
}

Connection::Connection(unsigned short port) {
   fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
   sockaddr_in address{};
   address.sin_family = AF_INET;
   address.sin_port = htons(port);
   address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
   if (::connect(fd_, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect failed");
   }
   timeval timeout{30, 0}; // a hung server fails the test instead of hanging it
   ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
}

Connection::~Connection() {
   ::close(fd_);
}

void Connection::send_raw(const std::string &bytes) {
   std::size_t sent = 0;
   while (sent < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0)
         throw std::runtime_error("send failed");
      sent += static_cast<std::size_t>(n);
   }
}

Reply Connection::read_reply() {
   char chunk[65536];
   auto fill = [&] {
      ssize_t n = 0;
      do // a signal (SIGCHLD of a command a test runs) interrupts, it does not close
         n = ::recv(fd_, chunk, sizeof chunk, 0);
      while (n < 0 && errno == EINTR);
      if (n <= 0)
         throw std::runtime_error("connection closed before a full response");
      pending_.append(chunk, static_cast<std::size_t>(n));
   };
   while (pending_.find("\r\n\r\n") == std::string::npos)
      fill();
   const auto head_end = pending_.find("\r\n\r\n");
   Reply reply;
   parse_head(pending_.substr(0, head_end + 2), reply);
   pending_.erase(0, head_end + 4);
   const std::size_t length =
       reply.headers.count("content-length") ? std::stoul(reply.headers["content-length"]) : 0;
   while (pending_.size() < length)
      fill();
   reply.body = pending_.substr(0, length);
   pending_.erase(0, length);
   return reply;
}

Reply Connection::request(const std::string &method, const std::string &path,
                          const std::string &body, const std::vector<std::string> &headers) {
   std::string raw = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
   for (const auto &header : headers)
      raw += header + "\r\n";
   if (!body.empty() || method == "POST")
      raw += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
             "\r\n";
   send_raw(raw + "\r\n" + body);
   return read_reply();
}

bool Connection::peer_closed() {
   char byte = 0;
   pollfd p{fd_, POLLIN, 0};
   if (::poll(&p, 1, 5000) <= 0)
      return false;
   return ::recv(fd_, &byte, 1, 0) <= 0;
}

Reply http(unsigned short port, const std::string &method, const std::string &path,
           const std::string &body, const std::vector<std::string> &headers) {
   Connection connection(port);
   return connection.request(method, path, body, headers);
}

ServerProcess::ServerProcess(const std::vector<std::string> &args, const fs::path &config_home) {
   log_path_ = config_home / "server.log";
   fs::create_directories(config_home);
   int out[2];
   if (::pipe2(out, O_CLOEXEC) != 0)
      throw std::runtime_error("pipe failed");
   pid_ = ::fork();
   if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGTERM); // never outlive a test that crashed
      ::dup2(out[1], STDOUT_FILENO);
      const int log = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(log, STDERR_FILENO);
      ::setenv("XDG_CONFIG_HOME", config_home.c_str(), 1);
      ::setenv("XDG_CACHE_HOME", (config_home / "cache").c_str(), 1);
      std::vector<std::string> all{PMAT_HOST_BIN, "serve", "--listen", "127.0.0.1:0"};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char *> argv;
      for (auto &arg : all)
         argv.push_back(arg.data());
      argv.push_back(nullptr);
      ::execv(PMAT_HOST_BIN, argv.data());
      ::_exit(127);
   }
   ::close(out[1]);
   std::string line;
   char c = 0;
   pollfd p{out[0], POLLIN, 0};
   while (::poll(&p, 1, 20000) > 0 && ::read(out[0], &c, 1) == 1 && c != '\n')
      line += c;
   ::close(out[0]);
   if (line.empty()) {
      signal(SIGKILL);
      wait();
      throw std::runtime_error("pmat-host serve did not start: " + log());
   }
   port_ = static_cast<unsigned short>(std::stoul(line));
}

ServerProcess::~ServerProcess() {
   if (exited_)
      return;
   signal(SIGTERM);
   if (wait(std::chrono::seconds(15)) == -2) {
      signal(SIGKILL);
      wait();
   }
}

void ServerProcess::signal(int signo) const {
   ::kill(pid_, signo);
}

int ServerProcess::wait(std::chrono::seconds timeout) {
   const auto deadline = std::chrono::steady_clock::now() + timeout;
   int status = 0;
   while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline)
         return -2;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
   }
   exited_ = true;
   return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ServerProcess::log() const {
   std::ifstream in(log_path_);
   return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string json_at(const std::string &body, const std::string &path) {
   boost::json::error_code ec;
   boost::json::value value = boost::json::parse(body, ec);
   if (ec)
      return "";
   const boost::json::value *at = &value;
   std::size_t start = 0;
   while (start <= path.size()) {
      const auto slash = path.find('/', start);
      const std::string key = path.substr(start, slash - start);
      if (!at->is_object() || !at->as_object().contains(key))
         return "";
      at = &at->as_object().at(key);
      if (slash == std::string::npos)
         break;
      start = slash + 1;
   }
   if (at->is_string())
      return std::string(at->get_string());
   return boost::json::serialize(*at);
}

void install_plugin(const fs::path &source, const fs::path &dir, const std::string &name) {
   const fs::path temporary = dir / ("." + name + ".tmp");
   fs::copy_file(source, temporary, fs::copy_options::overwrite_existing);
   fs::rename(temporary, dir / name);
}

std::string headless_chromium(const std::string &browser, const std::string &mode,
                              const std::string &url, const fs::path &profile,
                              const fs::path &out) {
   const std::string command =
       "'" + browser +
       "' --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
       "--disable-background-networking --disable-component-update --disable-sync "
       "--disable-dev-shm-usage --hide-scrollbars --window-size=1280,1400 "
       "--user-data-dir='" +
       profile.string() + "' --virtual-time-budget=3000 " + mode + " '" + url + "' >'" +
       out.string() + "' 2>/dev/null";
   if (std::system(command.c_str()) != 0)
      throw std::runtime_error("chromium failed: " + command);
   std::ifstream in(out, std::ios::binary);
   return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string element_text(const std::string &dom, const std::string &id) {
   const auto at = dom.find("id=\"" + id + "\"");
   if (at == std::string::npos)
      return "<missing>";
   const auto open = dom.find('>', at);
   return dom.substr(open + 1, dom.find('<', open) - open - 1);
}

} // namespace pmat::serve::test
