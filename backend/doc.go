// Package backend is peil's application layer: the use cases that the
// command line, the terminal interface, and later a hub and a web form all
// stand on. It opens nothing itself: cmd/peil opens a store (SQLite or
// PostgreSQL) and hands it to New; every front-end then calls the Backend,
// never the store's own packages.
//
// What lives here and nowhere else:
//   - a study and its defaults: the only study when none is named, rounds
//     and schools found by name or code ([Backend.FindStudy],
//     [Backend.FindRound], [Backend.FindSchool]);
//   - the instrument catalogue: built-ins and imported instruments at their
//     newest version ([Backend.Catalogue]);
//   - kiosk settings: where a kiosk may start and the researcher's PIN
//     ([Backend.KioskTarget], [Backend.SetPIN]);
//   - trends with the dataset cache and its preparation, which take turns
//     so a dataset is never loaded twice at once ([Backend.Trends],
//     [Backend.PrepareTrends], [Backend.TrendsData]);
//   - the report and file exports, written next to their target and renamed
//     into place ([Backend.WriteReport], [Backend.ExportFile]);
//   - data packages with the "since last export" rule, and their import
//     through the store's merge ([Backend.ExportPackage],
//     [Backend.ImportPackages]);
//   - backup and check ([Backend.Backup], [Backend.Check]).
//
// The Backend depends on the interfaces declared in package survey, never on
// a store package; arch_test.go keeps that so.
package backend
