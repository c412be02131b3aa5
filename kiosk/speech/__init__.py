"""Speech text that sounds natural: amounts and dates as a person would say them."""
