// Package pack reads and writes peil data packages: one file that carries
// the responses collected on one laptop to the researcher's database, on a
// USB stick or by mail.
//
// A package is a tar archive, compressed with gzip and, when the package is
// made for a researcher's key, encrypted with age (filippo.io/age), so that
// a lost stick reveals nothing but the package's size. The archive holds, in
// this order:
//
//	package.json      format version, package id, device id, creation time
//	definitions.json  the study, workplaces, schools, rounds and instrument
//	                  versions the responses need
//	responses/000001.jsonl, responses/000002.jsonl, ...
//	                  one response with its answers per line, 500 per file
//	manifest.json     counts and the size and SHA-256 of each file above
//
// The manifest comes last so that a package is written in one pass while the
// responses stream out of the database. A Reader streams the responses back
// and checks the manifest after the last one: a consumer that applies the
// responses in a transaction commits only when Records ended without an
// error, so a truncated or altered package changes nothing. See
// docs/packages.md.
//
// Every stream of a package is bounded, so that any package, however it
// was made, is read or refused within a bounded amount of memory (tens of
// megabytes) and time: the size of each file (MaxHeader, MaxDefinitions,
// MaxManifest, MaxResponsesFile), of one response line (MaxResponse), the
// number of responses per file (500) and of responses files
// (MaxResponsesFiles), the schools (MaxSchools) and the whole archive
// unpacked (MaxUnpacked). The Writer keeps to the same limits (it starts a
// new responses file before one grows too large), so a package peil
// writes is never refused by the peil that reads it; one that exceeds a
// limit is refused with ErrLimit and a message naming the limit.
package pack
