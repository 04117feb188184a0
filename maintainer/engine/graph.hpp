// The one dataflow graph of all views (DESIGN.md section 3): every operator
// node is registered under the canonical text of its plan subtree, so a
// subtree that several views contain (the seed's user_policies join, which
// usernames_policies expands again; a CTE or subquery two views repeat) is
// one node, stepped once per step, whose change every consumer receives.
//
// Scans read source slots: a source table narrowed to the columns a scan
// reads (by held name, PlanSource::held_column), filled by the caller once
// per step for every slot a stepped view reads.  Slots stay: a slot no
// live scan reads is simply not filled.
//
// Steps are numbered: the caller begins a step, then steps every view it
// concerns with the same source changes; a node computes its change at the
// first pull of a step and hands the same change to its other consumers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace cdc::engine {

class SharedNode;

struct SourceSlot {
    uint32_t relid = 0;
    std::vector<std::string> columns;  // held names, in the slot's column order
};

class Graph {
   public:
    Graph() = default;
    Graph(const Graph&) = delete;  // nodes refer to their graph
    Graph& operator=(const Graph&) = delete;

    // The slot of these columns of table relid, added if new.
    size_t slot(uint32_t relid, const std::vector<std::string>& columns);
    const SourceSlot& source_slot(size_t slot) const { return slots_.at(slot); }
    size_t slot_count() const { return slots_.size(); }

    // The live, sound node registered under key, or null.
    std::shared_ptr<SharedNode> find(const std::string& key) const;
    void add(const std::string& key, const std::shared_ptr<SharedNode>& node);
    size_t node_count() const;

    uint64_t begin_step() { return ++step_; }
    uint64_t current_step() const { return step_; }

   private:
    std::vector<SourceSlot> slots_;
    std::unordered_map<std::string, std::weak_ptr<SharedNode>> nodes_;
    uint64_t step_ = 0;
};

}  // namespace cdc::engine
