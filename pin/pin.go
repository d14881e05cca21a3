package pin

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// The argon2id parameters for new hashes: 64 MiB, 2 passes, 1 thread, as
// the argon2 RFC 9106 second recommended option suggests for constrained
// machines (a school laptop).
const (
	memoryKiB = 64 * 1024
	passes    = 2
	threads   = 1
	saltLen   = 16
	keyLen    = 32
)

// MinLength and MaxLength bound the number of digits in a PIN.
const (
	MinLength = 4
	MaxLength = 8
)

// ErrInvalid is returned (wrapped) by Valid for a PIN that is not 4 to 8
// digits, or is weak.
var ErrInvalid = errors.New("invalid PIN")

// ErrWeak is returned (wrapped) by Valid for a PIN that is among the first
// anyone tries: one digit repeated (0000) or digits counting up or down
// (1234, 4321). It wraps ErrInvalid.
var ErrWeak = fmt.Errorf("%w: too easy to guess", ErrInvalid)

// Valid checks that pin is 4 to 8 digits and not weak (see ErrWeak). A PIN
// set before weak PINs were refused still verifies: Verify does not call
// Valid.
func Valid(pin string) error {
	if len(pin) < MinLength || len(pin) > MaxLength {
		return fmt.Errorf("%w: a PIN has %d to %d digits, this one has %d characters", ErrInvalid, MinLength, MaxLength, len([]rune(pin)))
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return fmt.Errorf("%w: a PIN has only digits (0-9), not %q", ErrInvalid, r)
		}
	}
	return weak(pin)
}

// weak says why a PIN of digits is among the first anyone tries, or nil.
func weak(pin string) error {
	up, down, same := true, true, true
	for i := 1; i < len(pin); i++ {
		d := int(pin[i]) - int(pin[i-1])
		up, down, same = up && d == 1, down && d == -1, same && d == 0
	}
	switch {
	case same:
		return fmt.Errorf("%w: one digit repeated (like 0000) is among the first PINs anyone tries; choose another", ErrWeak)
	case up, down:
		return fmt.Errorf("%w: digits that count up or down (like 1234 or 4321) are among the first PINs anyone tries; choose another", ErrWeak)
	}
	return nil
}

// Hash returns the argon2id hash of a valid PIN in PHC string form, with a
// fresh random salt.
func Hash(pin string) (string, error) {
	if err := Valid(pin); err != nil {
		return "", err
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hashing the PIN: reading random salt: %w", err)
	}
	key := argon2.IDKey([]byte(pin), salt, passes, memoryKiB, threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, memoryKiB, passes, threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether pin matches hash (made by Hash). A malformed hash
// never matches. The comparison takes constant time.
func Verify(hash, pin string) bool {
	p, err := parse(hash)
	if err != nil {
		return false
	}
	key := argon2.IDKey([]byte(pin), p.salt, p.passes, p.memory, p.threads, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(key, p.key) == 1
}

type params struct {
	memory, passes uint32
	threads        uint8
	salt, key      []byte
}

// Upper bounds on the parameters read from a stored hash, so that a
// corrupted setting cannot make Verify allocate gigabytes.
const (
	maxMemoryKiB = 1024 * 1024
	maxPasses    = 16
)

func parse(hash string) (params, error) {
	var p params
	parts := strings.Split(hash, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, errors.New("not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, fmt.Errorf("unsupported argon2 version %q", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.passes, &p.threads); err != nil {
		return p, fmt.Errorf("bad argon2 parameters %q: %w", parts[3], err)
	}
	if p.memory == 0 || p.memory > maxMemoryKiB || p.passes == 0 || p.passes > maxPasses || p.threads == 0 {
		return p, fmt.Errorf("argon2 parameters out of range %q", parts[3])
	}
	b64 := base64.RawStdEncoding
	var err error
	if p.salt, err = b64.DecodeString(parts[4]); err != nil || len(p.salt) == 0 {
		return p, errors.New("bad salt")
	}
	if p.key, err = b64.DecodeString(parts[5]); err != nil || len(p.key) < 16 {
		return p, errors.New("bad key")
	}
	return p, nil
}
