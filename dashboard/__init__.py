"""IOM activity dashboard: loaders, a validated store and a Streamlit app."""
