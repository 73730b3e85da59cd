//! The memory model: `TaskManager` and `JobManager` budgets exactly as Flink derives them.
