// cdc-maintainer as a child process with its in-process Kafka mock: the
// mock's bootstrap address is the first line it prints; its log goes to a file.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace cdc::oracle {

class MaintainerProcess {
   public:
    MaintainerProcess(const std::string& binary, const std::vector<std::string>& arguments, const std::string& log_path);
    ~MaintainerProcess();
    const std::string& bootstrap_servers() const { return bootstrap_; }
    bool running();
    void stop();  // SIGTERM, and waits for it to end

   private:
    pid_t pid_ = -1;
    int stdout_fd_ = -1;
    std::string bootstrap_;
};

}  // namespace cdc::oracle
