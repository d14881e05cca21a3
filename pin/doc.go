// Package pin hashes and checks the researcher's kiosk PIN.
//
// A PIN of 4 to 8 digits is weak by nature, so it is stored only as a slow,
// salted argon2id hash in PHC string form
// ($argon2id$v=19$m=...,t=...,p=...$salt$hash), which carries its own
// parameters: a later version can raise them and still verify old hashes.
package pin
