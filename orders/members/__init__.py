"""Members: the coordinator's roster of mothers (register, edit, skills, (de)activate, login
cards) and the invitations a woman already registered elsewhere accepts from her own account."""
