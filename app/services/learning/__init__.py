"""Learning: the curriculum a learner sees, reading, quiz attempts, certificates, the glossary
and where to consult."""
