package survey

// EstimatedMinutes guesses how long in takes to answer, for the welcome
// screen of the kiosk and the web form: about 15 seconds a question, at
// least two minutes; 5 when there is no instrument.
func EstimatedMinutes(in *Instrument) int {
	if in == nil {
		return 5
	}
	n := 0
	for _, it := range in.Items() {
		if it.Type.Answerable() {
			n++
		}
	}
	return max(2, (n+3)/4)
}
