// Package storetest is the contract every peil store keeps: the same tests
// run against the SQLite store (storage) and the PostgreSQL store, so that
// a rule holds on both or the build fails.
//
// A store package runs it from one of its own tests:
//
//	func TestContract(t *testing.T) {
//		storetest.Run(t, storetest.Opener{
//			New:    func(t *testing.T, now func() time.Time) survey.Store { ... },
//			Reopen: func(t *testing.T, s survey.Store) survey.Store { ... },
//		})
//	}
//
// The tests use the survey interfaces only, and compare what a store gives
// back with survey's helpers (ContentHash, NormalizedRecord, Value.Equal).
// What they hold a store to is written in survey's interface comments;
// the points a new store most easily misses:
//   - times are kept to the nanosecond and come back in UTC (a timestamp
//     column of microseconds breaks ContentHash, and so Merge);
//   - the times a store fills in come from the clock New was given;
//   - every list has a stated order, ties included (Rounds: CreatedAt,
//     then name);
//   - every refusal is a survey error with its code (ENOTFOUND, ECONFLICT,
//     EINVALID) and changes nothing;
//   - Merge is one transaction, also when its records fail halfway.
//
// Each test opens its own stores with New (the merge tests several: a
// researcher's database and laptops), so tests may run in any order.
package storetest

import (
	"testing"
	"time"

	"peil/survey"
)

// Opener makes stores for the contract tests.
type Opener struct {
	// New returns a new, empty store whose clock is now. The store is
	// closed when the test ends.
	New func(t *testing.T, now func() time.Time) survey.Store
	// Reopen closes s and opens the same database again, as a restarted
	// peil would (for durability tests). The result is closed when the
	// test ends.
	Reopen func(t *testing.T, s survey.Store) survey.Store
}

// Run runs every contract test against stores made by o.
func Run(t *testing.T, o Opener) {
	t.Helper()
	for _, tc := range contract {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, o) })
	}
}

// contract lists the tests of the contract.
var contract = []struct {
	name string
	run  func(*testing.T, Opener)
}{
	{"Studies", testStudies},
	{"StudyErrors", testStudyErrors},
	{"Targets", testTargets},
	{"Instruments", testInstruments},
	{"Settings", testSettings},
	{"StartResponse", testStartResponse},
	{"StartResponseErrors", testStartResponseErrors},
	{"DurableAnswers", testDurableAnswers},
	{"ClearedAnswersAndRole", testClearedAnswersAndRole},
	{"RefusedChanges", testRefusedChanges},
	{"ResponseCounts", testResponseCounts},
	{"ConcurrentAnswers", testConcurrentAnswers},
	{"ImportResponses", testImportResponses},
	{"ScanResponses", testScanResponses},
	{"ScanStops", testScanStops},
	{"MergeSetup", testMergeSetup},
	{"MergeDuplicates", testMergeDuplicates},
	{"MergeRule", testMergeRule},
	{"MergeEveryOrder", testMergeEveryOrder},
	{"MergeDefinitionsConflict", testMergeDefinitionsConflict},
	{"MergeFailure", testMergeFailure},
	{"RoundChanges", testRoundChanges},
	{"Cache", testCache},
	{"Maintenance", testMaintenance},
}
