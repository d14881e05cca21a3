// Package hub is peil's hub over HTTP: the server that laptops sync to
// (peil serve) and the client they sync with (peil sync).
//
// The API is versioned under /v1 and carries data packages (package pack)
// both ways, so the network and a USB stick share one format and one merge
// path (backend.Hub.Upload is the package import):
//
//	GET  /v1/whoami    what the token is (role, study, workplace)
//	POST /v1/packages  a data package of responses (device, admin)
//	GET  /v1/setup     the setup package: study, rounds, instruments, the
//	                   token's workplace and schools
//	GET  /v1/data      a package of the token's workplace's responses
//	                   (researcher, admin)
//
// Every request carries its token as "Authorization: Bearer SECRET". A
// refusal is a JSON problem (RFC 9457) whose detail says what to do.
//
// Trust needs no certificate authority: the hub makes its own certificate
// on first start (or uses the operator's), and an enrolment token carries
// the SHA-256 fingerprint of that certificate beside the hub's address, so
// a laptop that joined with the token accepts exactly that certificate and
// nothing else. See docs/hub.md.
package hub
