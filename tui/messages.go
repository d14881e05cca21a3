package tui

import "peil/survey"

// startKioskMsg asks the root model to switch to kiosk mode for a round and
// school. The researcher pages send it once a PIN is set.
type startKioskMsg struct {
	Round  survey.Round
	School survey.School
}

// kioskExitedMsg tells the root model that the researcher entered the PIN
// and left kiosk mode.
type kioskExitedMsg struct{}
