package pack

import (
	"fmt"
	"time"

	"filippo.io/age"
)

// Key is a researcher's key pair: packages encrypted for Public can be read
// only with the key file.
type Key struct {
	// Public is the recipient ("age1..."), safe to share with every laptop.
	Public string
	// File is the contents of the key file (secret): comments with the
	// creation time and the public key, then the identity line. age-keygen
	// writes the same format.
	File []byte
}

// GenerateKey makes a new key pair.
func GenerateKey(now time.Time) (Key, error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return Key{}, fmt.Errorf("making a key: %w", err)
	}
	pub := id.Recipient().String()
	file := fmt.Sprintf("# created: %s\n# public key: %s\n%s\n", now.UTC().Format(time.RFC3339), pub, id.String())
	return Key{Public: pub, File: []byte(file)}, nil
}
