#include "engine/shared.hpp"

namespace cdc::engine {

ZSet SharedNode::pull(const SourceChanges& changes) {
    if (failure_) std::rethrow_exception(failure_);
    if (last_step_ != graph_.current_step()) {
        last_step_ = graph_.current_step();
        delivered_ = 0;
        try {
            change_ = op_->step(changes);
        } catch (...) {
            failure_ = std::current_exception();
            change_.clear();
            throw;
        }
    }
    if (++delivered_ >= consumers_) return std::move(change_);  // the last consumer of this step
    return change_;
}

SharedInput::SharedInput(std::shared_ptr<SharedNode> node) : node_(std::move(node)) { ++node_->consumers_; }

SharedInput::SharedInput(std::shared_ptr<SharedNode> node, OperatorPtr private_copy)
    : node_(std::move(node)), private_copy_(std::move(private_copy)) {}

SharedInput::~SharedInput() {
    if (!private_copy_) --node_->consumers_;
}

ZSet SharedInput::step(const SourceChanges& changes) {
    if (private_copy_) return private_copy_->step(changes);
    return node_->pull(changes);
}

void SharedInput::attach() {
    if (!private_copy_) return;
    private_copy_.reset();
    ++node_->consumers_;
}

}  // namespace cdc::engine
