package hub

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Names of the certificate and key the hub makes, next to its database.
const (
	CertFile = "hub-cert.pem"
	KeyFile  = "hub-key.pem"
)

// Fingerprint is the SHA-256 of a certificate's DER bytes, in hex: what a
// token carries and a client pins.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}

// LoadCertificate reads the operator's certificate and key (PEM).
func LoadCertificate(certFile, keyFile string) (tls.Certificate, error) {
	c, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("reading the hub's certificate %s and key %s: %w", certFile, keyFile, err)
	}
	return c, nil
}

// LoadOrCreateCertificate returns the hub's own certificate from dir,
// making it on first start: an ECDSA P-256 key and a self-signed
// certificate valid for ten years for hosts (names or IP addresses, and
// localhost), both written with mode 0600. made says whether it was made
// now.
func LoadOrCreateCertificate(dir string, hosts []string, now time.Time) (cert tls.Certificate, made bool, err error) {
	certPath, keyPath := filepath.Join(dir, CertFile), filepath.Join(dir, KeyFile)
	if _, err := os.Stat(certPath); err == nil {
		c, err := LoadCertificate(certPath, keyPath)
		return c, false, err
	} else if !errors.Is(err, fs.ErrNotExist) {
		return tls.Certificate{}, false, fmt.Errorf("reading the hub's certificate: %w", err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, false, fmt.Errorf("making the hub's key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, false, fmt.Errorf("making the hub's certificate: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "peil hub", Organization: []string{"peil"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else if h != "" {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, false, fmt.Errorf("making the hub's certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return tls.Certificate{}, false, fmt.Errorf("making the hub's key: %w", err)
	}
	if err := writePEM(keyPath, "PRIVATE KEY", keyDER); err != nil {
		return tls.Certificate{}, false, err
	}
	if err := writePEM(certPath, "CERTIFICATE", der); err != nil {
		return tls.Certificate{}, false, err
	}
	c, err := LoadCertificate(certPath, keyPath)
	return c, true, err
}

// writePEM writes one PEM block to path, mode 0600, durably.
func writePEM(path, kind string, der []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	err = pem.Encode(f, &pem.Block{Type: kind, Bytes: der})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// pinnedTLS is the client's TLS configuration for a hub whose certificate
// has the given fingerprint.
//
// InsecureSkipVerify turns off only the checks of a chain to a known
// certificate authority and of the host name; the handshake still proves
// that the server holds the private key of the certificate it presents.
// VerifyPeerCertificate then accepts exactly one certificate: the one
// whose SHA-256 the token carried. The token came from the hub's
// administrator by hand (a QR code on the hub's screen, a printed slip), so
// no one on the network can substitute a certificate: a man in the middle
// would need the hub's private key. That is stricter than a CA, which
// would accept any certificate any trusted CA signed for the name.
func pinnedTLS(fingerprint string) *tls.Config {
	return &tls.Config{
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: true,
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) == 0 {
				return errors.New("the hub showed no certificate")
			}
			if subtle.ConstantTimeCompare([]byte(Fingerprint(raw[0])), []byte(fingerprint)) != 1 {
				return fmt.Errorf("the hub's certificate (SHA-256 %s) is not the one in the token (%s): this is not your hub, or it has a new certificate; ask its administrator for a new token", Fingerprint(raw[0]), fingerprint)
			}
			return nil
		},
	}
}
