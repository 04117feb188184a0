#include "maintainer_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

namespace cdc::oracle {

MaintainerProcess::MaintainerProcess(const std::string& binary, const std::vector<std::string>& arguments,
                                     const std::string& log_path) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        dup2(pipe_fds[1], STDOUT_FILENO);
        if (log >= 0) dup2(log, STDERR_FILENO);
        close(pipe_fds[0]);
        std::vector<char*> argv{const_cast<char*>(binary.c_str())};
        for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    close(pipe_fds[1]);
    stdout_fd_ = pipe_fds[0];
    char c;
    while (read(stdout_fd_, &c, 1) == 1 && c != '\n') bootstrap_ += c;
    if (bootstrap_.empty()) throw std::runtime_error("cdc-maintainer printed no Kafka address; see " + log_path);
}

MaintainerProcess::~MaintainerProcess() {
    stop();
    if (stdout_fd_ >= 0) close(stdout_fd_);
}

bool MaintainerProcess::running() {
    if (pid_ <= 0) return false;
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
    }
    return true;
}

void MaintainerProcess::stop() {
    if (!running()) return;
    kill(pid_, SIGTERM);
    int status;
    waitpid(pid_, &status, 0);
    pid_ = -1;
}

}  // namespace cdc::oracle
