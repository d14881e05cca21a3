package hub

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// tokenPrefix starts every enrolment token, so that peil can tell one
// from a typo at once.
const tokenPrefix = "peil1."

// Token is what an enrolment hands a laptop or a researcher: where the
// hub is, which certificate it has, and the secret.
type Token struct {
	// URL is the hub's address (https://host:port, or http on loopback).
	URL string `json:"u"`
	// Fingerprint is the SHA-256 of the hub's certificate (hex), which
	// the client pins; empty when the hub sits behind a proxy with a
	// certificate the system trusts.
	Fingerprint string `json:"f,omitempty"`
	// Secret is the bearer secret; the hub keeps only its SHA-256.
	Secret string `json:"s"`
}

// String encodes the token as one line of text: "peil1." and base64url
// JSON.
func (t Token) String() string {
	b, _ := json.Marshal(t)
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// ParseToken reads a token made by Token.String.
func ParseToken(s string) (Token, error) {
	s = strings.TrimSpace(s)
	bad := func(why string) (Token, error) {
		return Token{}, fmt.Errorf("this is not a peil hub token (%s); copy the whole token that peil hub enrol printed", why)
	}
	rest, ok := strings.CutPrefix(s, tokenPrefix)
	if !ok {
		return bad("it does not start with " + tokenPrefix)
	}
	b, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil {
		return bad("it is cut short or changed")
	}
	var t Token
	if err := json.Unmarshal(b, &t); err != nil || t.Secret == "" || t.URL == "" {
		return bad("it is cut short or changed")
	}
	u, err := url.Parse(t.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return bad("its hub address is not an http(s) address")
	}
	return t, nil
}
