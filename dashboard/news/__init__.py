"""News: press releases in any format -> extracted activity records -> de-duplicated events."""
