// Package pin hashes and checks the researcher's kiosk PIN.
//
// A PIN of 4 to 8 digits is weak by nature, so it is stored only as a slow,
// salted argon2id hash in PHC string form
// ($argon2id$v=19$m=...,t=...,p=...$salt$hash), which carries its own
// parameters: a later version can raise them and still verify old hashes.
//
// Two things keep a PIN from being guessed at the kiosk: Valid refuses the
// PINs anyone tries first (one digit repeated, digits counting up or down),
// and a Guard makes every wrong PIN after the first three wait longer
// before the next try (1 s, 2 s, 4 s, ... at most 5 minutes), counted in a
// setting so that restarting peil does not reset it.
package pin
