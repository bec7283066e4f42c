"""The 妈妈岗 station (驿站) online (issue 17): training that grants skills, the friendly-employer
directory and its flexible positions, mothers' job wishes and matching, and help with rights."""
