"""Reference data shipped with segkit: industries, countries, states, cities.

Everything here is offline, so ingest and the sample market never need the
network.
"""

# The industry taxonomy, each with the names exports commonly use for it.
INDUSTRIES = {
    "Technology": ["tech", "software", "saas", "it services", "information technology"],
    "Financial Services": ["finance", "banking", "insurance", "fintech"],
    "Manufacturing": ["industrial", "industrials", "machinery", "automotive"],
    "Logistics": ["transportation", "shipping", "supply chain", "freight"],
    "Healthcare": ["health care", "hospital", "medical", "pharma", "life sciences"],
    "Education": ["higher education", "edtech", "schools", "university"],
    "Government": ["public sector", "gov", "federal", "municipal"],
    "Retail": ["ecommerce", "e-commerce", "consumer goods", "cpg"],
    "Professional Services": ["consulting", "legal", "accounting", "agency"],
    "Media": ["publishing", "entertainment", "advertising"],
}

# ISO 3166 code -> (name, sales region, other names seen in exports).
COUNTRIES = {
    "US": ("United States", "North America", ["usa", "united states of america"]),
    "CA": ("Canada", "North America", []),
    "MX": ("Mexico", "LATAM", ["méxico"]),
    "BR": ("Brazil", "LATAM", ["brasil"]),
    "AR": ("Argentina", "LATAM", []),
    "GB": ("United Kingdom", "EMEA", ["uk", "great britain", "england"]),
    "DE": ("Germany", "EMEA", ["deutschland"]),
    "FR": ("France", "EMEA", []),
    "NL": ("Netherlands", "EMEA", ["holland", "the netherlands"]),
    "ES": ("Spain", "EMEA", ["españa"]),
    "SE": ("Sweden", "EMEA", []),
    "AU": ("Australia", "APAC", []),
    "JP": ("Japan", "APAC", []),
    "IN": ("India", "APAC", []),
    "SG": ("Singapore", "APAC", []),
}

# US and Canadian states and provinces: code -> name.
STATES = {
    "AL": "Alabama",
    "AZ": "Arizona",
    "CA": "California",
    "CO": "Colorado",
    "FL": "Florida",
    "GA": "Georgia",
    "IL": "Illinois",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "NC": "North Carolina",
    "NJ": "New Jersey",
    "NY": "New York",
    "OH": "Ohio",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VA": "Virginia",
    "WA": "Washington",
    "WI": "Wisconsin",
    "MO": "Missouri",
    "IN": "Indiana",
    "ON": "Ontario",
    "QC": "Quebec",
    "BC": "British Columbia",
    "AB": "Alberta",
}

# Cities the sample market places accounts in:
# (city, state or region, country, postal code, latitude, longitude, weight).
CITIES = [
    ("New York", "NY", "US", "10001", 40.7128, -74.0060, 9),
    ("Boston", "MA", "US", "02108", 42.3601, -71.0589, 4),
    ("Newark", "NJ", "US", "07102", 40.7357, -74.1724, 2),
    ("Philadelphia", "PA", "US", "19103", 39.9526, -75.1652, 3),
    ("Pittsburgh", "PA", "US", "15222", 40.4406, -79.9959, 2),
    ("Charlotte", "NC", "US", "28202", 35.2271, -80.8431, 2),
    ("Atlanta", "GA", "US", "30303", 33.7490, -84.3880, 3),
    ("Miami", "FL", "US", "33130", 25.7617, -80.1918, 3),
    ("Tampa", "FL", "US", "33602", 27.9506, -82.4572, 2),
    ("Nashville", "TN", "US", "37203", 36.1627, -86.7816, 2),
    ("Richmond", "VA", "US", "23219", 37.5407, -77.4360, 1),
    ("Chicago", "IL", "US", "60601", 41.8781, -87.6298, 6),
    ("Detroit", "MI", "US", "48226", 42.3314, -83.0458, 2),
    ("Columbus", "OH", "US", "43215", 39.9612, -82.9988, 2),
    ("Minneapolis", "MN", "US", "55401", 44.9778, -93.2650, 2),
    ("Milwaukee", "WI", "US", "53202", 43.0389, -87.9065, 1),
    ("St. Louis", "MO", "US", "63101", 38.6270, -90.1994, 1),
    ("Indianapolis", "IN", "US", "46204", 39.7684, -86.1581, 1),
    ("Dallas", "TX", "US", "75201", 32.7767, -96.7970, 4),
    ("Austin", "TX", "US", "78701", 30.2672, -97.7431, 3),
    ("Houston", "TX", "US", "77002", 29.7604, -95.3698, 3),
    ("Denver", "CO", "US", "80202", 39.7392, -104.9903, 2),
    ("Phoenix", "AZ", "US", "85004", 33.4484, -112.0740, 2),
    ("Salt Lake City", "UT", "US", "84101", 40.7608, -111.8910, 1),
    ("San Francisco", "CA", "US", "94105", 37.7749, -122.4194, 7),
    ("San Jose", "CA", "US", "95113", 37.3382, -121.8863, 3),
    ("Los Angeles", "CA", "US", "90012", 34.0522, -118.2437, 5),
    ("San Diego", "CA", "US", "92101", 32.7157, -117.1611, 2),
    ("Seattle", "WA", "US", "98101", 47.6062, -122.3321, 4),
    ("Portland", "OR", "US", "97204", 45.5152, -122.6784, 2),
    ("Toronto", "ON", "CA", "M5H 2N2", 43.6532, -79.3832, 3),
    ("Montreal", "QC", "CA", "H2Y 1C6", 45.5017, -73.5673, 2),
    ("Vancouver", "BC", "CA", "V6B 1A1", 49.2827, -123.1207, 2),
    ("Calgary", "AB", "CA", "T2P 1J9", 51.0447, -114.0719, 1),
    ("Mexico City", "CMX", "MX", "06000", 19.4326, -99.1332, 2),
    ("São Paulo", "SP", "BR", "01000-000", -23.5505, -46.6333, 3),
    ("Buenos Aires", "C", "AR", "C1002", -34.6037, -58.3816, 1),
    ("London", "ENG", "GB", "EC1A 1BB", 51.5074, -0.1278, 6),
    ("Manchester", "ENG", "GB", "M1 1AE", 53.4808, -2.2426, 2),
    ("Berlin", "BE", "DE", "10115", 52.5200, 13.4050, 3),
    ("Munich", "BY", "DE", "80331", 48.1351, 11.5820, 2),
    ("Paris", "IDF", "FR", "75001", 48.8566, 2.3522, 4),
    ("Amsterdam", "NH", "NL", "1012", 52.3676, 4.9041, 2),
    ("Madrid", "MD", "ES", "28001", 40.4168, -3.7038, 2),
    ("Stockholm", "AB", "SE", "111 20", 59.3293, 18.0686, 1),
    ("Sydney", "NSW", "AU", "2000", -33.8688, 151.2093, 3),
    ("Melbourne", "VIC", "AU", "3000", -37.8136, 144.9631, 2),
    ("Tokyo", "13", "JP", "100-0001", 35.6762, 139.6503, 3),
    ("Bengaluru", "KA", "IN", "560001", 12.9716, 77.5946, 3),
    ("Singapore", "SG", "SG", "018989", 1.3521, 103.8198, 2),
]

# Words that mark a company's legal form; dropped when names are compared.
LEGAL_SUFFIXES = [
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "gmbh",
    "corp",
    "corporation",
    "co",
    "company",
    "sa",
    "s a",
    "ag",
    "plc",
    "bv",
    "pty",
]

# Public email domains: never a company's key.
PUBLIC_EMAIL_DOMAINS = {
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "aol.com",
    "icloud.com",
    "proton.me",
    "protonmail.com",
    "gmx.de",
}

# Psychographic themes: the challenges and goals buyers state on calls, each
# recognised by a few phrases.
THEMES = {
    "Data silos": ["data silos", "disconnected systems", "no single view"],
    "Manual reporting": ["manual reporting", "spreadsheets", "copy and paste"],
    "Cost pressure": ["cut costs", "budget cuts", "cost pressure", "reduce spend"],
    "Compliance": ["compliance", "audit", "regulatory", "gdpr"],
    "Security": ["security", "breach", "access control"],
    "Growth at scale": ["scale", "expand into", "new markets", "hypergrowth"],
    "Customer retention": ["churn", "retention", "renewals"],
    "Speed to market": ["faster launches", "time to market", "release faster"],
}
